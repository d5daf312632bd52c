package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.kloggregator.ops.token.TokenAlgorithm;
import io.kloggregator.ops.token.TokenKeys;
import io.kloggregator.ops.token.TokenMinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TokenVerifier} in RS256 and ES256 (HS256: {@link AccessTest}), keys from PEM files. */
class TokenVerifierTest {

  static final Clock NOW = AccessTest.NOW;

  @TempDir
  Path dir;

  private Path pem(String name, String label, byte[] der) throws Exception {
    return Files.writeString(dir.resolve(name), "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label + "-----\n");
  }

  private TokenVerifier verifier(TokenAlgorithm algorithm, Path publicKey) {
    return new TokenVerifier(algorithm, TokenKeys.verifier(algorithm, null, publicKey), NOW);
  }

  private String mint(TokenAlgorithm algorithm, Path privateKey, Clock clock) {
    return new TokenMinter(algorithm, TokenKeys.signer(algorithm, null, privateKey), clock)
        .mint(List.of("a"), false, Duration.ofMinutes(1));
  }

  @Test
  void rs256AndEs256TokensOfTheKeyPairAreGrantedAndOthersRefused() throws Exception {
    RSAKey rsa = IdentityProviderStub.rsaKey("r");
    ECKey ec = IdentityProviderStub.ecKey("e");
    Path rsaPrivate = pem("rsa.pem", "PRIVATE KEY", rsa.toPrivateKey().getEncoded());
    Path rsaPublic = pem("rsa.pub", "PUBLIC KEY", rsa.toPublicKey().getEncoded());
    Path ecPrivate = pem("ec.pem", "PRIVATE KEY", ec.toPrivateKey().getEncoded());
    Path ecPublic = pem("ec.pub", "PUBLIC KEY", ec.toPublicKey().getEncoded());
    Path otherPrivate = pem("other.pem", "PRIVATE KEY",
        IdentityProviderStub.rsaKey("o").toPrivateKey().getEncoded());
    TokenVerifier rs256 = verifier(TokenAlgorithm.RS256, rsaPublic);
    TokenVerifier es256 = verifier(TokenAlgorithm.ES256, ecPublic);

    assertThat(rs256.check(mint(TokenAlgorithm.RS256, rsaPrivate, NOW))).contains(
        new Grant(Set.of("a"), false, NOW.instant().plus(Duration.ofMinutes(1))));
    assertThat(es256.check(mint(TokenAlgorithm.ES256, ecPrivate, NOW))).isPresent();
    assertThat(rs256.check(mint(TokenAlgorithm.RS256, otherPrivate, NOW))).as("another key")
        .isEmpty();
    assertThat(rs256.check(mint(TokenAlgorithm.ES256, ecPrivate, NOW))).as("another algorithm")
        .isEmpty();
    assertThat(es256.check(mint(TokenAlgorithm.ES256, ecPrivate,
        Clock.offset(NOW, Duration.ofMinutes(-2))))).as("expired").isEmpty();
  }

  @Test
  void anHs256TokenSignedWithThePublicKeyIsRefusedByAnRs256Gateway() throws Exception {
    RSAKey rsa = IdentityProviderStub.rsaKey("r");
    Path rsaPublic = pem("rsa.pub", "PUBLIC KEY", rsa.toPublicKey().getEncoded());
    SignedJWT confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
        new JWTClaimsSet.Builder().claim("admin", true)
            .expirationTime(Date.from(NOW.instant().plusSeconds(60))).build());
    confused.sign(new MACSigner(Files.readAllBytes(rsaPublic)));
    String[] parts = confused.serialize().split("\\.");
    String none = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";

    assertThat(verifier(TokenAlgorithm.RS256, rsaPublic).check(confused.serialize())).isEmpty();
    assertThat(verifier(TokenAlgorithm.RS256, rsaPublic).check(none)).isEmpty();
  }
}
