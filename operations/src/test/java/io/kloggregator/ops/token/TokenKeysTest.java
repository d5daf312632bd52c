package io.kloggregator.ops.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.kloggregator.ops.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenKeysTest {

  static final String SECRET = "0123456789abcdef0123456789abcdef";
  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  /** Writes {@code der} as a PEM block labelled {@code label}, as openssl does. */
  static Path pem(Path file, String label, byte[] der) throws Exception {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label
        + "-----\n");
    return file;
  }

  private boolean roundTrip(TokenAlgorithm algorithm, KeyPair pair) throws Exception {
    Path privateKey = pem(dir.resolve("key.pem"), "PRIVATE KEY", pair.getPrivate().getEncoded());
    Path publicKey = pem(dir.resolve("pub.pem"), "PUBLIC KEY", pair.getPublic().getEncoded());
    String token = new TokenMinter(algorithm, TokenKeys.signer(algorithm, null, privateKey), NOW)
        .mint(List.of("a"), false, Duration.ofMinutes(1));

    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(algorithm.jws());
    assertThat(jwt.getJWTClaimsSet().getStringListClaim(TokenFormat.APPS_CLAIM))
        .containsExactly("a");
    return jwt.verify(TokenKeys.verifier(algorithm, null, publicKey));
  }

  @Test
  void rs256KeyPairFromPemFilesSignsAndVerifies() throws Exception {
    assertThat(roundTrip(TokenAlgorithm.RS256, rsa(2048))).isTrue();
  }

  @Test
  void es256KeyPairFromPemFilesSignsAndVerifies() throws Exception {
    assertThat(roundTrip(TokenAlgorithm.ES256, ec("secp256r1"))).isTrue();
  }

  @Test
  void fromEnvMintsWithTheSettingsTheGatewayReads() throws Exception {
    TokenMinter minter = TokenMinter.fromEnv(java.util.Map.of(
        "KLOGGREGATOR_GATEWAY_JWT_SECRET", SECRET), NOW);

    String token = minter.mint(List.of(), true, Duration.ofMinutes(5));

    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(minter.algorithm()).isEqualTo(TokenAlgorithm.HS256);
    assertThat(jwt.verify(TokenKeys.verifier(TokenAlgorithm.HS256, SECRET, null))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getBooleanClaim(TokenFormat.ADMIN_CLAIM)).isTrue();
    assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
        .isEqualTo(NOW.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void missingSecretOrKeyNamesTheVariable() {
    assertThatThrownBy(() -> TokenKeys.signer(TokenAlgorithm.HS256, null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("KLOGGREGATOR_GATEWAY_JWT_SECRET=(unset): is required for HS256");
    assertThatThrownBy(() -> TokenKeys.signer(TokenAlgorithm.HS256, "short", null))
        .hasMessage("KLOGGREGATOR_GATEWAY_JWT_SECRET=****: must be at least 32 bytes for HS256");
    assertThatThrownBy(() -> TokenKeys.signer(TokenAlgorithm.ES256, SECRET, null))
        .hasMessage("KLOGGREGATOR_GATEWAY_JWT_PRIVATE_KEY=(unset): is required for ES256");
    assertThatThrownBy(() -> TokenKeys.verifier(TokenAlgorithm.RS256, null, null))
        .hasMessage("KLOGGREGATOR_GATEWAY_JWT_PUBLIC_KEY=(unset): is required for RS256");
  }

  @Test
  void unreadableOrNonPemFileIsAConfigError() throws Exception {
    Path missing = dir.resolve("missing.pem");
    Path text = Files.writeString(dir.resolve("text.pem"), "not a key");

    assertThatThrownBy(() -> TokenKeys.signer(TokenAlgorithm.RS256, null, missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("KLOGGREGATOR_GATEWAY_JWT_PRIVATE_KEY=" + missing
            + ": cannot be read");
    assertThatThrownBy(() -> TokenKeys.verifier(TokenAlgorithm.RS256, null, text))
        .hasMessage("KLOGGREGATOR_GATEWAY_JWT_PUBLIC_KEY=" + text
            + ": is not a PEM file (no -----BEGIN ...----- block)");
  }

  @Test
  void keyOfTheWrongKindIsRefusedWithWhatToDo() throws Exception {
    KeyPair ecPair = ec("secp256r1");
    Path ecKey = pem(dir.resolve("ec.pem"), "PRIVATE KEY", ecPair.getPrivate().getEncoded());
    Path pkcs1 = pem(dir.resolve("rsa1.pem"), "RSA PRIVATE KEY", new byte[] {1, 2, 3});
    Path weak = pem(dir.resolve("weak.pem"), "PUBLIC KEY", rsa(1024).getPublic().getEncoded());
    Path p384 = pem(dir.resolve("p384.pem"), "PUBLIC KEY",
        ec("secp384r1").getPublic().getEncoded());
    Path privateAsPublic = pem(dir.resolve("swap.pem"), "PRIVATE KEY",
        ecPair.getPrivate().getEncoded());

    assertThatThrownBy(() -> TokenKeys.signer(TokenAlgorithm.RS256, null, ecKey))
        .hasMessageStartingWith("KLOGGREGATOR_GATEWAY_JWT_PRIVATE_KEY=" + ecKey
            + ": is not an RSA private key");
    assertThatThrownBy(() -> TokenKeys.signer(TokenAlgorithm.RS256, null, pkcs1))
        .hasMessageContaining("not a PKCS#8 'PRIVATE KEY'; convert it with: openssl pkcs8");
    assertThatThrownBy(() -> TokenKeys.verifier(TokenAlgorithm.RS256, null, weak))
        .hasMessageEndingWith("is a 1024-bit RSA key; RS256 needs at least 2048 bits");
    assertThatThrownBy(() -> TokenKeys.verifier(TokenAlgorithm.ES256, null, p384))
        .hasMessageEndingWith("is not on the P-256 curve, as ES256 needs");
    assertThatThrownBy(() -> TokenKeys.verifier(TokenAlgorithm.ES256, null, privateAsPublic))
        .hasMessageContaining("not a 'PUBLIC KEY' or 'CERTIFICATE'");
  }
}
