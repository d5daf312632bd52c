package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kloggregator.ops.config.ConfigException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

  static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void ofFillsDefaults() {
    GatewayConfig config = GatewayConfig.of("k:9092", List.of("http://127.0.0.1:8081"), 0, SECRET);

    assertThat(config.httpPort()).isZero();
    assertThat(config.socketQueueLimit()).isEqualTo(GatewayConfig.DEFAULT_SOCKET_QUEUE_LIMIT);
    assertThat(config.toString()).doesNotContain(SECRET);
  }

  @Test
  void rejectsAShortJwtSecretNamingTheRule() {
    assertThatThrownBy(() -> GatewayConfig.of("k:9092", List.of("http://r:1"), 0, "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KLOGGREGATOR_GATEWAY_JWT_SECRET=****: must be at least 32 bytes for HS256");
  }

  @Test
  void rejectsARouterUrlWithoutPort() {
    assertThatThrownBy(() -> GatewayConfig.of("k:9092", List.of("http://router"), 0, SECRET))
        .hasMessage("KLOGGREGATOR_GATEWAY_ROUTERS=http://router: needs at least one router URL, "
            + "each http://host:port");
  }

  @Test
  void rejectsAPortOutOfRange() {
    assertThatThrownBy(() -> GatewayConfig.of("k:9092", List.of("http://r:1"), 70000, SECRET))
        .hasMessage("KLOGGREGATOR_GATEWAY_PORT=70000: must be a port 0..65535");
  }

  @Test
  void readsTheEnvironment() {
    GatewayConfig config = GatewayConfig.fromEnv(Map.of(
        "KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:9092",
        "KLOGGREGATOR_GATEWAY_ROUTERS", "http://a:1, http://b:2",
        "KLOGGREGATOR_GATEWAY_PORT", "9000",
        "KLOGGREGATOR_GATEWAY_JWT_SECRET", SECRET,
        "KLOGGREGATOR_GATEWAY_SOCKET_QUEUE", "5"));

    assertThat(config.routerUrls()).containsExactly("http://a:1", "http://b:2");
    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.socketQueueLimit()).isEqualTo(5);
  }

  @Test
  void theRlpStreamTimesDefaultToTheRlpsAndAreRead() {
    GatewayConfig defaults = GatewayConfig.of("k:9092", List.of("http://r:1"), 0, SECRET);
    GatewayConfig config = GatewayConfig.fromEnv(Map.of(
        "KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:9092",
        "KLOGGREGATOR_GATEWAY_ROUTERS", "http://a:1",
        "KLOGGREGATOR_GATEWAY_JWT_SECRET", SECRET,
        "KLOGGREGATOR_GATEWAY_RLP_HEARTBEAT_MS", "250",
        "KLOGGREGATOR_GATEWAY_RLP_STREAM_TIMEOUT_MS", "60000"));

    assertThat(defaults.rlpHeartbeat()).isEqualTo(Duration.ofSeconds(15));
    assertThat(defaults.rlpStreamTimeout()).isEqualTo(Duration.ofMinutes(14));
    assertThat(config.rlpHeartbeat()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.rlpStreamTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> defaults.withRlpTimes(Duration.ofMillis(5), Duration.ofMinutes(1)))
        .hasMessage("KLOGGREGATOR_GATEWAY_RLP_HEARTBEAT_MS=5: must be >= 10");
  }

  @Test
  void rejectsANonNumericPortVariable() {
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of(
        "KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:9092",
        "KLOGGREGATOR_GATEWAY_ROUTERS", "http://a:1",
        "KLOGGREGATOR_GATEWAY_PORT", "eighty",
        "KLOGGREGATOR_GATEWAY_JWT_SECRET", SECRET)))
        .hasMessage("KLOGGREGATOR_GATEWAY_PORT=eighty: must be an integer");
  }

  @Test
  void refusesEveryBadVariableAtOnce() {
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of(
        "KLOGGREGATOR_GATEWAY_ROUTERS", "ftp://a:1",
        "KLOGGREGATOR_GATEWAY_JWT_SECRET", "short",
        "KLOGGREGATOR_GATEWAY_PING_MS", "5")))
        .hasMessage("4 settings refused: KLOGGREGATOR_KAFKA_BOOTSTRAP=(unset): is required; "
            + "KLOGGREGATOR_GATEWAY_ROUTERS=ftp://a:1: needs at least one router URL, each "
            + "http://host:port; KLOGGREGATOR_GATEWAY_PING_MS=5: must be >= 10; "
            + "KLOGGREGATOR_GATEWAY_JWT_SECRET=****: must be at least 32 bytes for HS256");
  }

  @Test
  void requiresTheBootstrapServers() {
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of(
        "KLOGGREGATOR_GATEWAY_ROUTERS", "http://a:1",
        "KLOGGREGATOR_GATEWAY_JWT_SECRET", SECRET)))
        .hasMessage("KLOGGREGATOR_KAFKA_BOOTSTRAP=(unset): is required");
  }

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of(
        "KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:9092", "KLOGGREGATOR_GATEWAY_ROUTERS", "http://a:1"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void eachAuthModeRequiresWhatItReads() {
    assertThatThrownBy(() -> GatewayConfig.fromEnv(env()))
        .hasMessage("KLOGGREGATOR_GATEWAY_JWT_SECRET=(unset): is required in token mode with "
            + "HS256");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(env("KLOGGREGATOR_GATEWAY_JWT_ALGORITHM",
        "es256")))
        .hasMessage("KLOGGREGATOR_GATEWAY_JWT_PUBLIC_KEY=(unset): is required in token mode "
            + "with ES256");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(env("KLOGGREGATOR_GATEWAY_AUTH_MODE", "oidc",
        "KLOGGREGATOR_GATEWAY_OIDC_AUDIENCE", "x")))
        .hasMessage("KLOGGREGATOR_GATEWAY_OIDC_ISSUER=(unset): is required in oidc mode");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(env("KLOGGREGATOR_GATEWAY_AUTH_MODE", "oidc",
        "KLOGGREGATOR_GATEWAY_OIDC_ISSUER", "https://idp")))
        .hasMessage("KLOGGREGATOR_GATEWAY_OIDC_AUDIENCE=(unset): is required in oidc mode");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(env("KLOGGREGATOR_GATEWAY_AUTH_MODE", "cf",
        "KLOGGREGATOR_GATEWAY_OIDC_ISSUER", "https://uaa/oauth/token",
        "KLOGGREGATOR_GATEWAY_OIDC_AUDIENCE", "cloud_controller")))
        .hasMessage("KLOGGREGATOR_GATEWAY_CF_API=(unset): is required in cf mode");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(env("KLOGGREGATOR_GATEWAY_AUTH_MODE", "ldap",
        "KLOGGREGATOR_GATEWAY_CF_API", "ftp://cc")))
        .hasMessage("2 settings refused: KLOGGREGATOR_GATEWAY_AUTH_MODE=ldap: must be one of "
            + "TOKEN, OIDC, CF; KLOGGREGATOR_GATEWAY_CF_API=ftp://cc: must be an http(s) URL");
  }

  @Test
  void cfModeReadsTheProviderAndCloudController() {
    GatewayConfig config = GatewayConfig.fromEnv(env("KLOGGREGATOR_GATEWAY_AUTH_MODE", "cf",
        "KLOGGREGATOR_GATEWAY_OIDC_ISSUER", "https://uaa.sys/oauth/token",
        "KLOGGREGATOR_GATEWAY_OIDC_JWKS_URL", "https://uaa.sys/token_keys",
        "KLOGGREGATOR_GATEWAY_OIDC_AUDIENCE", "cloud_controller",
        "KLOGGREGATOR_GATEWAY_CF_API", "https://api.sys",
        "KLOGGREGATOR_GATEWAY_CF_CACHE_SIZE", "50"));

    assertThat(config.auth().mode()).isEqualTo(AuthMode.CF);
    assertThat(config.auth().oidc().adminScopes())
        .containsExactly("logs.admin", "doppler.firehose");
    assertThat(config.auth().cloudController().cacheSize()).isEqualTo(50);
    assertThat(config.toString()).contains("cf mode", "https://api.sys");
  }

  @Test
  void anUnusablePublicKeyStopsTheGatewayAsAConfigError(@TempDir Path dir) throws Exception {
    Path key = Files.writeString(dir.resolve("k.pem"), "nope");
    GatewayConfig config = GatewayConfig.fromEnv(env("KLOGGREGATOR_GATEWAY_JWT_ALGORITHM",
        "RS256", "KLOGGREGATOR_GATEWAY_JWT_PUBLIC_KEY", key.toString()));

    assertThatThrownBy(() -> new Gateway(config, null,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("KLOGGREGATOR_GATEWAY_JWT_PUBLIC_KEY=" + key
            + ": is not a PEM file (no -----BEGIN ...----- block)");
  }
}
