package io.kloggregator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.kloggregator.ops.token.TokenAlgorithm;
import io.kloggregator.ops.token.TokenKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {

  static final String SECRET = "a-cli-test-secret-of-at-least-32-bytes";

  @TempDir
  Path dir;

  private static SignedJWT token(TestTerminal terminal) throws Exception {
    return SignedJWT.parse(terminal.out().trim());
  }

  @Test
  void mintsAnHs256TokenForTheAppsWithTheGatewaysSecret() throws Exception {
    TestTerminal t = new TestTerminal(Map.of("KLOGGREGATOR_GATEWAY_JWT_SECRET", SECRET));

    assertThat(t.run("token", "--app", "a", "--app", "b", "--ttl", "30m")).isZero();

    SignedJWT jwt = token(t);
    assertThat(jwt.verify(TokenKeys.verifier(TokenAlgorithm.HS256, SECRET, null))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("apps")).containsExactly("a", "b");
    assertThat(jwt.getJWTClaimsSet().getBooleanClaim("admin")).isFalse();
    assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
        .isBetween(Instant.now().plus(Duration.ofMinutes(29)),
            Instant.now().plus(Duration.ofMinutes(31)));
    assertThat(t.err()).contains("HS256 token for apps a, b, valid until");
  }

  @Test
  void mintsAnRs256AdminTokenWithThePrivateKeyFile() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    Path key = dir.resolve("key.pem");
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    Path pub = dir.resolve("pub.pem");
    Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n");
    TestTerminal t = new TestTerminal(Map.of("KLOGGREGATOR_GATEWAY_JWT_ALGORITHM", "rs256",
        "KLOGGREGATOR_GATEWAY_JWT_PRIVATE_KEY", key.toString()));

    assertThat(t.run("token", "--admin", "--ttl", "PT2H")).isZero();

    SignedJWT jwt = token(t);
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.verify(TokenKeys.verifier(TokenAlgorithm.RS256, null, pub))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getBooleanClaim("admin")).isTrue();
  }

  @Test
  void aMissingOrBadSecretOrKeyIsAConfigErrorNamingTheVariableWithoutAStackTrace()
      throws Exception {
    TestTerminal none = new TestTerminal(Map.of());
    TestTerminal shortSecret = new TestTerminal(Map.of("KLOGGREGATOR_GATEWAY_JWT_SECRET", "x"));
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "garbage");
    TestTerminal badKey = new TestTerminal(Map.of("KLOGGREGATOR_GATEWAY_JWT_ALGORITHM", "ES256",
        "KLOGGREGATOR_GATEWAY_JWT_PRIVATE_KEY", garbage.toString()));
    TestTerminal badAlgorithm = new TestTerminal(Map.of(
        "KLOGGREGATOR_GATEWAY_JWT_ALGORITHM", "none"));

    assertThat(none.run("token", "--app", "a")).isEqualTo(ExitCode.BAD_CONFIG);
    assertThat(shortSecret.run("token", "--app", "a")).isEqualTo(ExitCode.BAD_CONFIG);
    assertThat(badKey.run("token", "--app", "a")).isEqualTo(ExitCode.BAD_CONFIG);
    assertThat(badAlgorithm.run("token", "--app", "a")).isEqualTo(ExitCode.BAD_CONFIG);

    assertThat(none.err()).isEqualTo("Cannot sign the token: "
        + "KLOGGREGATOR_GATEWAY_JWT_SECRET=(unset): is required for HS256\n");
    assertThat(shortSecret.err()).contains(
        "KLOGGREGATOR_GATEWAY_JWT_SECRET=****: must be at least 32 bytes").doesNotContain("\tat ");
    assertThat(badKey.err()).contains("KLOGGREGATOR_GATEWAY_JWT_PRIVATE_KEY=" + garbage
        + ": is not a PEM file").doesNotContain("Exception");
    assertThat(badAlgorithm.err()).contains("KLOGGREGATOR_GATEWAY_JWT_ALGORITHM=none: must be "
        + "one of HS256, RS256, ES256");
    assertThat(none.out() + shortSecret.out() + badKey.out()).isEmpty();
  }

  @Test
  void withoutAppsOrAdminOrWithABadTtlItIsAUsageError() {
    Map<String, String> env = Map.of("KLOGGREGATOR_GATEWAY_JWT_SECRET", SECRET);
    TestTerminal nothing = new TestTerminal(env);
    TestTerminal badTtl = new TestTerminal(env);
    TestTerminal zero = new TestTerminal(env);

    assertThat(nothing.run("token")).isEqualTo(ExitCode.USAGE);
    assertThat(badTtl.run("token", "--app", "a", "--ttl", "soon")).isEqualTo(ExitCode.USAGE);
    assertThat(zero.run("token", "--admin", "--ttl", "0s")).isEqualTo(ExitCode.USAGE);

    assertThat(nothing.err()).contains("give --app APP (repeatable) or --admin");
    assertThat(badTtl.err()).contains("--ttl must be a positive duration such as 90s, 30m, 8h, "
        + "7d or PT8H, was 'soon'");
    assertThat(zero.err()).contains("--ttl must be a positive duration");
  }

  @Test
  void helpNamesTheVariablesTheGatewayReads() {
    TestTerminal t = new TestTerminal(Map.of());

    assertThat(t.run("token", "--help")).isZero();

    assertThat(t.out()).contains("--app=APP", "--admin", "--ttl=DURATION",
        "KLOGGREGATOR_GATEWAY_JWT_ALGORITHM", "KLOGGREGATOR_GATEWAY_JWT_SECRET",
        "KLOGGREGATOR_GATEWAY_JWT_PRIVATE_KEY");
  }
}
