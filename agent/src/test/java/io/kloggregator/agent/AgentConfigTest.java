package io.kloggregator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

  private static final List<InetSocketAddress> INGEST =
      List.of(new InetSocketAddress("127.0.0.1", 3456));

  @Test
  void ofGivesTheDocumentedDefaults() {
    AgentConfig c = AgentConfig.of(Path.of("/db/instances.json"), INGEST, "s3cret");

    assertThat(c.signatureMode()).isEqualTo(SignatureMode.HMAC);
    assertThat(c.opsHost()).isEqualTo("127.0.0.1");
    assertThat(c.opsPort()).isZero();
    assertThat(c.maxLineBytes()).isEqualTo(65_536);
    assertThat(c.emitQueueCapacity()).isEqualTo(16_384);
    assertThat(c.reconnectMin()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.reconnectMax()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.readerThreads()).isEqualTo(2);
  }

  @Test
  void toStringNeverShowsTheSecret() {
    assertThat(AgentConfig.of(Path.of("/f"), INGEST, "s3cret").toString())
        .doesNotContain("s3cret").contains("sharedSecret=****");
  }

  @Test
  void fromEnvReadsEveryVariable() {
    AgentConfig c = AgentConfig.fromEnv(Map.ofEntries(
        Map.entry("KLOGGREGATOR_AGENT_INSTANCES_FILE", "/x/instances.json"),
        Map.entry("KLOGGREGATOR_AGENT_INGEST", "127.0.0.1:1000, 127.0.0.1:2000"),
        Map.entry("KLOGGREGATOR_SHARED_SECRET", "abc"),
        Map.entry("KLOGGREGATOR_AGENT_SIGNATURE", "both"),
        Map.entry("KLOGGREGATOR_AGENT_OPS_HOST", "0.0.0.0"),
        Map.entry("KLOGGREGATOR_AGENT_OPS_PORT", "9100"),
        Map.entry("KLOGGREGATOR_AGENT_MAX_LINE_BYTES", "1000"),
        Map.entry("KLOGGREGATOR_AGENT_EMIT_QUEUE", "10"),
        Map.entry("KLOGGREGATOR_AGENT_RECONNECT_MIN_MS", "50"),
        Map.entry("KLOGGREGATOR_AGENT_RECONNECT_MAX_MS", "60"),
        Map.entry("KLOGGREGATOR_AGENT_READER_THREADS", "3")));

    assertThat(c.instancesFile()).isEqualTo(Path.of("/x/instances.json"));
    assertThat(c.ingestEndpoints()).extracting(InetSocketAddress::getPort)
        .containsExactly(1000, 2000);
    assertThat(c.signatureMode()).isEqualTo(SignatureMode.BOTH);
    assertThat(c.opsHost()).isEqualTo("0.0.0.0");
    assertThat(c.opsPort()).isEqualTo(9100);
    assertThat(c.maxLineBytes()).isEqualTo(1000);
    assertThat(c.emitQueueCapacity()).isEqualTo(10);
    assertThat(c.reconnectMin()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.reconnectMax()).isEqualTo(Duration.ofMillis(60));
    assertThat(c.readerThreads()).isEqualTo(3);
  }

  @Test
  void fromEnvDefaultsToTcpOnTheLocalBridgesPort3457AndUdpTo3456() {
    AgentConfig c = AgentConfig.fromEnv(Map.of("KLOGGREGATOR_SHARED_SECRET", "abc"));

    assertThat(c.transport()).isEqualTo(AgentConfig.Transport.TCP);
    assertThat(c.ingestEndpoints()).containsExactly(new InetSocketAddress("127.0.0.1", 3457));
    assertThat(c.instancesFile())
        .isEqualTo(Path.of("/var/vcap/data/dea_next/db/instances.json"));
    assertThat(AgentConfig.fromEnv(Map.of("KLOGGREGATOR_SHARED_SECRET", "abc",
        "KLOGGREGATOR_AGENT_TRANSPORT", "udp")).ingestEndpoints())
        .containsExactly(new InetSocketAddress("127.0.0.1", 3456));
  }

  @Test
  void grpcNeedsItsIngestEndpointsNamed(@TempDir Path dir) throws IOException {
    Path pem = Files.writeString(dir.resolve("x.pem"), "pem");
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of("KLOGGREGATOR_SHARED_SECRET", "abc",
        "KLOGGREGATOR_AGENT_GRPC_CERT", pem.toString(), "KLOGGREGATOR_AGENT_GRPC_KEY",
        pem.toString(), "KLOGGREGATOR_AGENT_GRPC_CA", pem.toString())))
        .hasMessage("KLOGGREGATOR_AGENT_INGEST=(unset): is required when "
            + "KLOGGREGATOR_AGENT_TRANSPORT is GRPC (the bridges' KLOGGREGATOR_BRIDGE_GRPC_PORT)");
  }

  @Test
  void configFileIsTheBaseAndTheEnvironmentOverridesIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("agent.properties");
    Files.writeString(file, "KLOGGREGATOR_SHARED_SECRET=from-file\n"
        + "KLOGGREGATOR_AGENT_OPS_PORT=9200\nKLOGGREGATOR_AGENT_READER_THREADS=4\n");

    AgentConfig c = AgentConfig.fromEnv(Map.of("KLOGGREGATOR_AGENT_CONFIG_FILE", file.toString(),
        "KLOGGREGATOR_AGENT_READER_THREADS", "1"));

    assertThat(c.sharedSecret()).isEqualTo("from-file");
    assertThat(c.opsPort()).isEqualTo(9200);
    assertThat(c.readerThreads()).isEqualTo(1);
  }

  @Test
  void missingConfigFileIsRefusedByName(@TempDir Path dir) {
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of("KLOGGREGATOR_AGENT_CONFIG_FILE",
        dir.resolve("nope.properties").toString())))
        .hasMessageStartingWith("KLOGGREGATOR_AGENT_CONFIG_FILE=" + dir.resolve("nope.properties")
            + ": cannot be read");
  }

  @Test
  void missingSecretIsRefusedByName() {
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KLOGGREGATOR_SHARED_SECRET=(unset): is required");
  }

  @Test
  void everyBadVariableIsRefusedAtOnce() {
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of("KLOGGREGATOR_AGENT_OPS_PORT", "70000",
        "KLOGGREGATOR_AGENT_READER_THREADS", "0")))
        .hasMessage("3 settings refused: KLOGGREGATOR_SHARED_SECRET=(unset): is required; "
            + "KLOGGREGATOR_AGENT_OPS_PORT=70000: must be a port 0..65535; "
            + "KLOGGREGATOR_AGENT_READER_THREADS=0: must be 1..64");
  }

  @Test
  void transportIsTcpWithoutTlsFilesAndGrpcWhenTheyAreGiven(@TempDir Path dir)
      throws IOException {
    Map<String, String> base = Map.of("KLOGGREGATOR_AGENT_INGEST", "127.0.0.1:1000",
        "KLOGGREGATOR_SHARED_SECRET", "abc");
    Path pem = Files.writeString(dir.resolve("x.pem"), "pem");
    Map<String, String> tls = new HashMap<>(base);
    tls.put("KLOGGREGATOR_AGENT_GRPC_CERT", pem.toString());
    tls.put("KLOGGREGATOR_AGENT_GRPC_KEY", pem.toString());
    tls.put("KLOGGREGATOR_AGENT_GRPC_CA", pem.toString());
    tls.put("KLOGGREGATOR_AGENT_GRPC_BATCH", "500");

    assertThat(AgentConfig.fromEnv(base).transport()).isEqualTo(AgentConfig.Transport.TCP);
    AgentConfig grpc = AgentConfig.fromEnv(tls);
    assertThat(grpc.transport()).isEqualTo(AgentConfig.Transport.GRPC);
    assertThat(grpc.grpc().batchSize()).isEqualTo(500);
    assertThat(grpc.grpc().flushInterval()).isEqualTo(Duration.ofMillis(100));
    tls.put("KLOGGREGATOR_AGENT_TRANSPORT", "udp");
    assertThat(AgentConfig.fromEnv(tls).transport()).isEqualTo(AgentConfig.Transport.UDP);
  }

  @Test
  void grpcWithoutItsTlsFilesIsRefusedNamingWhatToSet(@TempDir Path dir) {
    Map<String, String> env = Map.of("KLOGGREGATOR_AGENT_INGEST", "127.0.0.1:1000",
        "KLOGGREGATOR_SHARED_SECRET", "abc", "KLOGGREGATOR_AGENT_TRANSPORT", "grpc",
        "KLOGGREGATOR_AGENT_GRPC_CERT", dir.resolve("missing.pem").toString());

    assertThatThrownBy(() -> AgentConfig.fromEnv(env))
        .hasMessageContaining("KLOGGREGATOR_AGENT_GRPC_CERT=" + dir.resolve("missing.pem")
            + ": must be a readable file");
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of("KLOGGREGATOR_AGENT_INGEST",
        "127.0.0.1:1000", "KLOGGREGATOR_SHARED_SECRET", "abc",
        "KLOGGREGATOR_AGENT_TRANSPORT", "GRPC")))
        .hasMessage("KLOGGREGATOR_AGENT_GRPC_CERT=(unset): is required when "
            + "KLOGGREGATOR_AGENT_TRANSPORT is GRPC (a PEM file; or set "
            + "KLOGGREGATOR_AGENT_TRANSPORT=TCP)");
  }

  @Test
  void aBadValueBuiltInCodeIsRefusedInTheSameFormat() {
    assertThatThrownBy(() -> new AgentConfig(Path.of("/f"), INGEST, "s", SignatureMode.HMAC,
        "127.0.0.1", 70000, 1000, 10, Duration.ofMillis(1), Duration.ofMillis(1), 1, null,
        AgentConfig.Grpc.defaults()))
        .hasMessage("KLOGGREGATOR_AGENT_OPS_PORT=70000: must be a port 0..65535");
  }

  @Test
  void badValuesAreRefusedWithKeyRuleAndValue() {
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of("KLOGGREGATOR_SHARED_SECRET", "a",
        "KLOGGREGATOR_AGENT_OPS_PORT", "70000")))
        .hasMessage("KLOGGREGATOR_AGENT_OPS_PORT=70000: must be a port 0..65535");
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of("KLOGGREGATOR_SHARED_SECRET", "a",
        "KLOGGREGATOR_AGENT_OPS_PORT", "http")))
        .hasMessage("KLOGGREGATOR_AGENT_OPS_PORT=http: must be an integer");
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of("KLOGGREGATOR_SHARED_SECRET", "a",
        "KLOGGREGATOR_AGENT_INGEST", "localhost")))
        .hasMessage(
            "KLOGGREGATOR_AGENT_INGEST=localhost: entries must be host:port, got localhost");
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of("KLOGGREGATOR_SHARED_SECRET", "a",
        "KLOGGREGATOR_AGENT_SIGNATURE", "md5")))
        .hasMessage("KLOGGREGATOR_AGENT_SIGNATURE=md5: must be one of HMAC, LEGACY, BOTH");
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of("KLOGGREGATOR_SHARED_SECRET", "a",
        "KLOGGREGATOR_AGENT_RECONNECT_MIN_MS", "500", "KLOGGREGATOR_AGENT_RECONNECT_MAX_MS",
        "100")))
        .hasMessage("KLOGGREGATOR_AGENT_RECONNECT_MAX_MS=100: must be >= "
            + "KLOGGREGATOR_AGENT_RECONNECT_MIN_MS (500)");
    assertThatThrownBy(() -> AgentConfig.of(Path.of("/f"), List.of(), "s"))
        .hasMessage("KLOGGREGATOR_AGENT_INGEST=(blank): needs at least one host:port, "
            + "each resolving");
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of("KLOGGREGATOR_SHARED_SECRET", "a",
        "KLOGGREGATOR_AGENT_MAX_LINE_BYTES", "10")))
        .hasMessage("KLOGGREGATOR_AGENT_MAX_LINE_BYTES=10: must be 64..16777216");
  }
}
