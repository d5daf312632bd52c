package io.kloggregator.ops.token;

import io.kloggregator.ops.config.Setting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * kloggregator's own bearer token, the one definition the gateway (which verifies it) and the
 * CLI's {@code logs token} (which mints it) share: a JWT whose {@value #APPS_CLAIM} claim lists
 * the app ids the holder may read, whose {@value #ADMIN_CLAIM} claim {@code true} grants every app
 * and the admin-only endpoints, and whose {@code exp} is required. The settings below name the
 * algorithm and the keys; the gateway lists them in its {@code SETTINGS}, the CLI binds the same
 * declarations. Constants only.
 */
public final class TokenFormat {

  public static final String APPS_CLAIM = "apps";
  public static final String ADMIN_CLAIM = "admin";
  public static final String SUBJECT = "kloggregator-client";
  public static final int MIN_SECRET_BYTES = 32;

  public static final Setting<TokenAlgorithm> ALGORITHM = Setting
      .oneOf("KLOGGREGATOR_GATEWAY_JWT_ALGORITHM", TokenAlgorithm.class)
      .orElse(TokenAlgorithm.HS256)
      .doc("token mode: how kloggregator's own tokens are signed (HS256 secret, RS256/ES256 key "
          + "pair)");
  public static final Setting<String> SECRET = Setting.text("KLOGGREGATOR_GATEWAY_JWT_SECRET")
      .secret()
      .rule(s -> s.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES,
          "must be at least " + MIN_SECRET_BYTES + " bytes for HS256")
      .orElse(null, "unset")
      .doc("HS256 key of the bearer tokens (token mode with HS256: required)");
  public static final Setting<Path> PUBLIC_KEY = Setting
      .path("KLOGGREGATOR_GATEWAY_JWT_PUBLIC_KEY")
      .orElse(null, "unset")
      .doc("RS256/ES256: PEM file of the public key (`BEGIN PUBLIC KEY` or a certificate) the "
          + "gateway verifies with");
  /** Read by {@code logs token} only: the gateway never needs the private key. */
  public static final Setting<Path> PRIVATE_KEY = Setting
      .path("KLOGGREGATOR_GATEWAY_JWT_PRIVATE_KEY")
      .orElse(null, "unset")
      .doc("RS256/ES256: PEM file of the PKCS#8 private key (`BEGIN PRIVATE KEY`) `logs token` "
          + "signs with");

  private TokenFormat() {
  }
}
