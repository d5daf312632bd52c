package io.kloggregator.gateway;

import io.kloggregator.ops.token.TokenAlgorithm;
import io.kloggregator.ops.token.TokenFormat;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The gateway's authentication settings (the auth block of {@link GatewayConfig#SETTINGS}):
 * the mode, and what that mode needs. The compact constructor checks each value and the
 * cross-field rules (token mode needs its secret or public key, {@code oidc} and {@code cf} an
 * issuer and an audience, {@code cf} Cloud Controller's URL) as {@code VARIABLE=value: rule}.
 *
 * @param mode whose tokens are believed
 * @param algorithm token mode: how kloggregator's own tokens are signed
 * @param jwtSecret token mode with HS256: the shared key (null otherwise)
 * @param publicKey token mode with RS256/ES256: the PEM public key file (null otherwise)
 * @param oidc modes oidc and cf: the provider
 * @param cloudController mode cf: Cloud Controller
 */
public record AuthConfig(AuthMode mode, TokenAlgorithm algorithm, String jwtSecret,
    Path publicKey, OidcConfig oidc, CloudControllerConfig cloudController) {

  public AuthConfig {
    GatewayConfig.AUTH_MODE.require(mode);
    TokenFormat.ALGORITHM.require(algorithm);
    if (jwtSecret != null) {
      TokenFormat.SECRET.require(jwtSecret);
    }
    if (mode == AuthMode.TOKEN) {
      if (algorithm.isSymmetric()) {
        TokenFormat.SECRET.check(jwtSecret != null, null,
            "is required in token mode with HS256");
      } else {
        TokenFormat.PUBLIC_KEY.check(publicKey != null, null,
            "is required in token mode with " + algorithm);
      }
    } else {
      GatewayConfig.OIDC_ISSUER.check(oidc.issuer() != null, null,
          "is required in " + name(mode) + " mode");
      GatewayConfig.OIDC_ISSUER.require(oidc.issuer());
      GatewayConfig.OIDC_AUDIENCE.check(oidc.audience() != null, null,
          "is required in " + name(mode) + " mode");
      if (oidc.jwksUrl() != null) {
        GatewayConfig.OIDC_JWKS_URL.require(oidc.jwksUrl());
      }
    }
    GatewayConfig.OIDC_APPS_CLAIM.require(oidc.appsClaim());
    GatewayConfig.OIDC_SCOPE_CLAIM.require(oidc.scopeClaim());
    GatewayConfig.OIDC_REFRESH.require(oidc.refreshInterval());
    GatewayConfig.OIDC_TIMEOUT.require(oidc.timeout());
    if (mode == AuthMode.CF) {
      GatewayConfig.CF_API.check(cloudController.api() != null, null, "is required in cf mode");
      GatewayConfig.CF_API.require(cloudController.api());
    }
    GatewayConfig.CF_TIMEOUT.require(cloudController.timeout());
    GatewayConfig.CF_CACHE_TTL.require(cloudController.cacheTtl());
    GatewayConfig.CF_CACHE_SIZE.require(cloudController.cacheSize());
  }

  /** Token mode with HS256 and {@code jwtSecret}; the provider settings at their defaults. */
  public static AuthConfig hs256(String jwtSecret) {
    return new AuthConfig(AuthMode.TOKEN, TokenAlgorithm.HS256, jwtSecret, null,
        GatewayConfig.defaultOidc(null, null), GatewayConfig.defaultCloudController(null));
  }

  private static String name(AuthMode mode) {
    return mode.name().toLowerCase(Locale.ROOT);
  }

  /** One log line; the secret is masked. */
  @Override
  public String toString() {
    return switch (mode) {
      case TOKEN -> "token mode, " + algorithm + (algorithm.isSymmetric()
          ? ", secret *** (" + jwtSecret.length() + " chars)" : ", public key " + publicKey);
      case OIDC -> "oidc mode, " + oidc;
      case CF -> "cf mode, " + oidc + ", " + cloudController;
    };
  }
}
