package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
            + "http://host:port; KLOGGREGATOR_GATEWAY_JWT_SECRET=****: must be at least 32 bytes "
            + "for HS256; KLOGGREGATOR_GATEWAY_PING_MS=5: must be >= 10");
  }

  @Test
  void requiresTheBootstrapServers() {
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of(
        "KLOGGREGATOR_GATEWAY_ROUTERS", "http://a:1",
        "KLOGGREGATOR_GATEWAY_JWT_SECRET", SECRET)))
        .hasMessage("KLOGGREGATOR_KAFKA_BOOTSTRAP=(unset): is required");
  }
}
