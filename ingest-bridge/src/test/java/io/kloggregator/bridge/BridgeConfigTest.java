package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {

  @Test
  void ofUsesLoopbackDefaultsAndTheGivenPort() {
    BridgeConfig config = BridgeConfig.of("127.0.0.1:9092", "s3cret", 0);

    assertThat(config.listeners().host()).isEqualTo("127.0.0.1");
    assertThat(config.listeners().udpPort()).isZero();
    assertThat(config.listeners().hasTcp()).isFalse();
    assertThat(config.acceptLegacy()).isTrue();
    assertThat(config.limits()).isEqualTo(BridgeConfig.Limits.defaults());
  }

  @Test
  void fromEnvReadsEveryVariable() {
    BridgeConfig config = BridgeConfig.fromEnv(Map.ofEntries(
        Map.entry("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:9092"),
        Map.entry("KLOGGREGATOR_SHARED_SECRET", "s3cret"),
        Map.entry("KLOGGREGATOR_BRIDGE_UDP_HOST", "127.0.0.2"),
        Map.entry("KLOGGREGATOR_BRIDGE_UDP_PORT", "4000"),
        Map.entry("KLOGGREGATOR_BRIDGE_TCP_PORT", "4001"),
        Map.entry("KLOGGREGATOR_BRIDGE_OPS_PORT", "4002"),
        Map.entry("KLOGGREGATOR_BRIDGE_UDP_RCVBUF_BYTES", "1048576"),
        Map.entry("KLOGGREGATOR_BRIDGE_ACCEPT_LEGACY", "false"),
        Map.entry("KLOGGREGATOR_BRIDGE_BUFFER_BYTES", "1000000"),
        Map.entry("KLOGGREGATOR_BRIDGE_APP_LINES_PER_SECOND", "50"),
        Map.entry("KLOGGREGATOR_BRIDGE_UNHEALTHY_AFTER_SECONDS", "7"),
        Map.entry("KLOGGREGATOR_BRIDGE_PRODUCER_LINGER_MS", "20")));

    assertThat(config.bootstrapServers()).isEqualTo("k:9092");
    assertThat(config.listeners()).isEqualTo(
        new BridgeConfig.Listeners("127.0.0.2", 4000, 4001, 4002, 1048576));
    assertThat(config.acceptLegacy()).isFalse();
    assertThat(config.limits()).isEqualTo(
        new BridgeConfig.Limits(1_000_000, 50, Duration.ofSeconds(7)));
    assertThat(config.producer()).containsExactly(Map.entry("linger.ms", "20"));
  }

  @Test
  void fromEnvDefaultsToTheOriginalPortOnAllInterfaces() {
    BridgeConfig config = BridgeConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:9092",
        "KLOGGREGATOR_SHARED_SECRET", "s"));

    assertThat(config.listeners().udpPort()).isEqualTo(3456);
    assertThat(config.listeners().host()).isEqualTo("0.0.0.0");
    assertThat(config.listeners().opsPort()).isEqualTo(BridgeConfig.DEFAULT_OPS_PORT);
  }

  @Test
  void missingSecretIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KLOGGREGATOR_SHARED_SECRET=(unset): is required");
  }

  @Test
  void portOutOfRangeIsRefusedWithRuleAndValue() {
    assertThatThrownBy(() -> BridgeConfig.of("k:1", "s", 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KLOGGREGATOR_BRIDGE_UDP_PORT=70000: must be a port 0..65535");
  }

  @Test
  void nonNumericPortIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:1",
        "KLOGGREGATOR_SHARED_SECRET", "s", "KLOGGREGATOR_BRIDGE_OPS_PORT", "http")))
        .hasMessage("KLOGGREGATOR_BRIDGE_OPS_PORT=http: must be an integer");
  }

  @Test
  void acceptLegacyTakesYesNoAndOneZero() {
    Map<String, String> env = new java.util.HashMap<>(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP",
        "k:1", "KLOGGREGATOR_SHARED_SECRET", "s", "KLOGGREGATOR_BRIDGE_ACCEPT_LEGACY", "NO"));

    assertThat(BridgeConfig.fromEnv(env).acceptLegacy()).isFalse();
    env.put("KLOGGREGATOR_BRIDGE_ACCEPT_LEGACY", "1");
    assertThat(BridgeConfig.fromEnv(env).acceptLegacy()).isTrue();
  }

  @Test
  void tcpPortMinusOneIsOffAndBelowIsRefused() {
    assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:1",
        "KLOGGREGATOR_SHARED_SECRET", "s", "KLOGGREGATOR_BRIDGE_TCP_PORT", "-2")))
        .hasMessage("KLOGGREGATOR_BRIDGE_TCP_PORT=-2: must be a port 0..65535 or -1 (off)");
  }

  @Test
  void deliveryGuaranteesCannotBeOverridden() {
    assertThatThrownBy(() -> BridgeConfig.of("k:1", "s", 0).withProducer(Map.of("acks", "1")))
        .hasMessageStartingWith("KLOGGREGATOR_BRIDGE_PRODUCER_ACKS=1: is fixed by the bridge");
  }

  @Test
  void toStringMasksTheSecret() {
    assertThat(BridgeConfig.of("k:1", "hunter2", 0).toString()).doesNotContain("hunter2")
        .contains("****");
  }
}
