package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kloggregator.ops.net.IpNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeConfigTest {

  @Test
  void ofUsesLoopbackDefaultsAndTheGivenPort() {
    BridgeConfig config = BridgeConfig.of("127.0.0.1:9092", "s3cret", 0);

    assertThat(config.listeners().host()).isEqualTo("127.0.0.1");
    assertThat(config.listeners().udpPort()).isZero();
    assertThat(config.listeners().hasTcp()).isFalse();
    assertThat(config.legacy().accept()).isTrue();
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
        Map.entry("KLOGGREGATOR_BRIDGE_UDP_TRANSPORT", "nio"),
        Map.entry("KLOGGREGATOR_BRIDGE_UDP_THREADS", "4"),
        Map.entry("KLOGGREGATOR_BRIDGE_ACCEPT_LEGACY", "false"),
        Map.entry("KLOGGREGATOR_BRIDGE_LEGACY_SOURCES", "10.20.0.0/16,fd00::/8"),
        Map.entry("KLOGGREGATOR_BRIDGE_BUFFER_BYTES", "1000000"),
        Map.entry("KLOGGREGATOR_BRIDGE_APP_LINES_PER_SECOND", "50"),
        Map.entry("KLOGGREGATOR_BRIDGE_UNHEALTHY_AFTER_SECONDS", "7"),
        Map.entry("KLOGGREGATOR_BRIDGE_PRODUCER_LINGER_MS", "20")));

    assertThat(config.bootstrapServers()).isEqualTo("k:9092");
    assertThat(config.listeners()).isEqualTo(
        new BridgeConfig.Listeners("127.0.0.2", 4000, 4001, 4002, 1048576,
            new BridgeConfig.UdpReceive(BridgeConfig.UdpTransport.NIO, 4)));
    assertThat(config.legacy()).isEqualTo(new BridgeConfig.Legacy(false,
        List.of(IpNetwork.parse("10.20.0.0/16"), IpNetwork.parse("fd00::/8"))));
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
    assertThat(config.listeners().udpReceive()).isEqualTo(BridgeConfig.UdpReceive.defaults());
  }

  @Test
  void udpThreadsOutOfRangeAndAnUnknownTransportAreRefusedNamingTheVariables() {
    assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:9092",
        "KLOGGREGATOR_SHARED_SECRET", "s", "KLOGGREGATOR_BRIDGE_UDP_THREADS", "0",
        "KLOGGREGATOR_BRIDGE_UDP_TRANSPORT", "io_uring")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KLOGGREGATOR_BRIDGE_UDP_THREADS=0: must be 1..64")
        .hasMessageContaining("KLOGGREGATOR_BRIDGE_UDP_TRANSPORT=io_uring: must be one of AUTO, "
            + "EPOLL, NIO");
  }

  @Test
  void missingSecretIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KLOGGREGATOR_SHARED_SECRET=(unset): is required");
  }

  @Test
  void theGrpcIngressIsOffByDefaultAndNeedsItsThreeTlsFiles(@TempDir Path dir)
      throws IOException {
    Map<String, String> base = Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:9092",
        "KLOGGREGATOR_SHARED_SECRET", "s");
    assertThat(BridgeConfig.fromEnv(base).grpc().enabled()).isFalse();

    Map<String, String> portOnly = new HashMap<>(base);
    portOnly.put("KLOGGREGATOR_BRIDGE_GRPC_PORT", "3458");
    assertThatThrownBy(() -> BridgeConfig.fromEnv(portOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is required when KLOGGREGATOR_BRIDGE_GRPC_PORT is set");

    Path pem = Files.writeString(dir.resolve("x.pem"), "not checked here");
    Map<String, String> missingCa = new HashMap<>(portOnly);
    missingCa.put("KLOGGREGATOR_BRIDGE_GRPC_CERT", pem.toString());
    missingCa.put("KLOGGREGATOR_BRIDGE_GRPC_KEY", pem.toString());
    missingCa.put("KLOGGREGATOR_BRIDGE_GRPC_CA", dir.resolve("absent.pem").toString());
    assertThatThrownBy(() -> BridgeConfig.fromEnv(missingCa))
        .hasMessage("KLOGGREGATOR_BRIDGE_GRPC_CA=" + dir.resolve("absent.pem")
            + ": must be a readable file");

    Map<String, String> all = new HashMap<>(missingCa);
    all.put("KLOGGREGATOR_BRIDGE_GRPC_CA", pem.toString());
    assertThat(BridgeConfig.fromEnv(all).grpc())
        .isEqualTo(BridgeConfig.Grpc.on(3458, pem, pem, pem));
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

    assertThat(BridgeConfig.fromEnv(env).legacy().accept()).isFalse();
    env.put("KLOGGREGATOR_BRIDGE_ACCEPT_LEGACY", "1");
    assertThat(BridgeConfig.fromEnv(env).legacy().accept()).isTrue();
  }

  @Test
  void legacyIsAcceptedFromLoopbackOnlyByDefault() throws UnknownHostException {
    BridgeConfig.Legacy legacy = BridgeConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP",
        "k:1", "KLOGGREGATOR_SHARED_SECRET", "s")).legacy();

    assertThat(legacy.allows(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(legacy.allows(InetAddress.getByName("127.5.6.7"))).isTrue();
    assertThat(legacy.allows(InetAddress.getByName("::1"))).isTrue();
    assertThat(legacy.allows(InetAddress.getByName("10.0.0.1"))).isFalse();
    assertThat(legacy.allows(InetAddress.getByName("fd00::1"))).isFalse();
  }

  @Test
  void legacySourcesSetEmptyAllowNoSource() throws UnknownHostException {
    BridgeConfig.Legacy legacy = BridgeConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP",
        "k:1", "KLOGGREGATOR_SHARED_SECRET", "s", "KLOGGREGATOR_BRIDGE_LEGACY_SOURCES", ""))
        .legacy();

    assertThat(legacy.accept()).isTrue();
    assertThat(legacy.sources()).isEmpty();
    assertThat(legacy.allows(InetAddress.getByName("127.0.0.1"))).isFalse();
  }

  @Test
  void acceptLegacyFalseRefusesEvenListedSources() throws UnknownHostException {
    BridgeConfig.Legacy legacy = BridgeConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP",
        "k:1", "KLOGGREGATOR_SHARED_SECRET", "s", "KLOGGREGATOR_BRIDGE_ACCEPT_LEGACY", "false",
        "KLOGGREGATOR_BRIDGE_LEGACY_SOURCES", "127.0.0.0/8")).legacy();

    assertThat(legacy.allows(InetAddress.getByName("127.0.0.1"))).isFalse();
  }

  @Test
  void aBadLegacySourceIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:1",
        "KLOGGREGATOR_SHARED_SECRET", "s", "KLOGGREGATOR_BRIDGE_LEGACY_SOURCES",
        "10.0.0.0/8,dea-hosts")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KLOGGREGATOR_BRIDGE_LEGACY_SOURCES=10.0.0.0/8,dea-hosts: must be networks "
            + "such as 10.0.0.0/8 or fd00::/8 (address literals, no names): dea-hosts is not one");
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
