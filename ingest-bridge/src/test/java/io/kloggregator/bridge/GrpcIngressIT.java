package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kloggregator.schemas.IngressMethods;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.v2.Counter;
import io.kloggregator.schemas.v2.Envelope;
import io.kloggregator.schemas.v2.EnvelopeBatch;
import io.kloggregator.schemas.v2.Log;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.NodeProject;
import io.kloggregator.testkit.TestLogTopicReader;
import io.kloggregator.testkit.TestPki;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The v2 gRPC ingress against a real broker, driven by a grpc-java client over mutual TLS with a
 * PKI made by openssl: each RPC's envelopes land in the log topic as v1 lines, bad envelopes are
 * counted by reason without failing their neighbours, and senders without a good certificate
 * are refused at the handshake.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcIngressIT {

  private LocalStack stack;
  private PrometheusMeterRegistry registry;
  private IngestBridge bridge;
  private TestPki pki;

  @BeforeAll
  void start() throws Exception {
    stack = LocalStack.start(LocalStack.Options.forTests());
    pki = TestPki.create(Files.createTempDirectory("kl-grpc-pki"));
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    bridge = new IngestBridge(BridgeConfig.of(stack.bootstrapServers(), "it-secret", 0)
        .withGrpc(BridgeConfig.Grpc.on(0, pki.path("server.pem"), pki.path("server.key"),
            pki.path("ca.pem"))), registry);
    bridge.start();
  }

  @AfterAll
  void stop() {
    if (bridge != null) {
      bridge.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void sendMapsLogEnvelopesToLinesAndCountsTheOthersByReason() throws Exception {
    String app = "grpc-send-" + UUID.randomUUID();
    long stamp = System.currentTimeMillis() * 1_000_000L;
    double notLog = rejected("not_log");
    double noSource = rejected("no_source_id");
    EnvelopeBatch batch = EnvelopeBatch.newBuilder()
        .addBatch(log(app, "2", "first", Log.Type.OUT, stamp)
            .putTags("source_type", "APP/PROC/WEB"))
        .addBatch(Envelope.newBuilder().setSourceId(app)
            .setCounter(Counter.newBuilder().setName("requests").setDelta(1)))
        .addBatch(log("", "0", "nobody's", Log.Type.OUT, stamp))
        .addBatch(log("", "0", "origin's", Log.Type.ERR, stamp + 1).putTags("origin", app))
        .build();
    try (GrpcTestClient client = GrpcTestClient.of(bridge.grpcPort(), pki, "client")) {
      client.unary(IngressMethods.SEND, batch.toByteArray());
    }

    List<LogMessage> lines = lines(app, 2);
    assertThat(lines).extracting(m -> m.getMessage().toStringUtf8())
        .containsExactly("first", "origin's");
    LogMessage first = lines.get(0);
    assertThat(first.getAppId()).isEqualTo(app);
    assertThat(first.getSourceId()).isEqualTo("2");
    assertThat(first.getSourceName()).isEqualTo("APP/PROC/WEB");
    assertThat(first.getMessageType()).isEqualTo(LogMessage.MessageType.OUT);
    assertThat(first.getTimestamp()).isEqualTo(stamp);
    assertThat(lines.get(1).getMessageType()).isEqualTo(LogMessage.MessageType.ERR);
    assertThat(rejected("not_log")).isEqualTo(notLog + 1);
    assertThat(rejected("no_source_id")).isEqualTo(noSource + 1);
  }

  @Test
  void streamsOfBatchesAndOfEnvelopesArriveWholeAndInOrder() throws Exception {
    String app = "grpc-stream-" + UUID.randomUUID();
    long stamp = System.currentTimeMillis() * 1_000_000L;
    List<byte[]> batches = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      EnvelopeBatch.Builder batch = EnvelopeBatch.newBuilder();
      for (int i = 0; i < 100; i++) {
        int n = b * 100 + i;
        batch.addBatch(log(app, "0", "batched " + n, Log.Type.OUT, stamp + n));
      }
      batches.add(batch.build().toByteArray());
    }
    List<byte[]> singles = new ArrayList<>();
    for (int n = 0; n < 50; n++) {
      singles.add(log(app, "1", "single " + n, Log.Type.ERR, stamp + 1000 + n).build()
          .toByteArray());
    }
    try (GrpcTestClient client = GrpcTestClient.of(bridge.grpcPort(), pki, "client")) {
      client.stream(IngressMethods.BATCH_SENDER, batches);
      client.stream(IngressMethods.SENDER, singles);
    }

    List<String> texts = lines(app, 1050).stream().map(m -> m.getMessage().toStringUtf8())
        .toList();
    List<String> expected = new ArrayList<>();
    for (int n = 0; n < 1000; n++) {
      expected.add("batched " + n);
    }
    for (int n = 0; n < 50; n++) {
      expected.add("single " + n);
    }
    assertThat(texts).containsExactlyElementsOf(expected);
  }

  @Test
  void aBadEnvelopeCostsOnlyItselfAndLongPayloadsAreCutByTheOneRule() throws Exception {
    String app = "grpc-bad-" + UUID.randomUUID();
    long stamp = System.currentTimeMillis() * 1_000_000L;
    double notUtf8 = rejected("not_utf8");
    double oversized = rejected("oversized");
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    field(batch, log(app, "0", "before", Log.Type.OUT, stamp).build().toByteArray());
    // An Envelope whose source_id (field 2) is the invalid UTF-8 sequence C3 28.
    field(batch, new byte[] {0x12, 0x02, (byte) 0xC3, 0x28});
    field(batch, log(app, "0", "x".repeat(70 * 1024), Log.Type.OUT, stamp + 1).build()
        .toByteArray());
    field(batch, log(app, "0", "y".repeat(20_000), Log.Type.OUT, stamp + 2).build()
        .toByteArray());
    field(batch, log(app, "0", "after", Log.Type.OUT, stamp + 3).build().toByteArray());
    try (GrpcTestClient client = GrpcTestClient.of(bridge.grpcPort(), pki, "client")) {
      client.unary(IngressMethods.SEND, batch.toByteArray());
    }

    List<String> texts = lines(app, 3).stream().map(m -> m.getMessage().toStringUtf8()).toList();
    assertThat(texts).hasSize(3);
    assertThat(texts.get(0)).isEqualTo("before");
    assertThat(texts.get(1)).hasSize(8704).endsWith("TRUNCATED");
    assertThat(texts.get(2)).isEqualTo("after");
    assertThat(rejected("not_utf8")).isEqualTo(notUtf8 + 1);
    assertThat(rejected("oversized")).isEqualTo(oversized + 1);
  }

  @Test
  void sendersWithoutAGoodClientCertificateAreRefused() {
    byte[] batch = EnvelopeBatch.newBuilder()
        .addBatch(log("refused-app", "0", "never", Log.Type.OUT, 1L)).build().toByteArray();
    for (String identity : new String[] {null, "rogue-client", "expired-client"}) {
      try (GrpcTestClient client = GrpcTestClient.of(bridge.grpcPort(), pki, identity)) {
        assertThatThrownBy(() -> client.unary(IngressMethods.SEND, batch))
            .as("client certificate %s", identity)
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      }
    }
  }

  @Test
  void aClientOfAnotherGrpcImplementationSendsAndIsRefusedWithoutACertificate()
      throws Exception {
    String app = "grpc-node-" + UUID.randomUUID();
    NodeProject node = NodeProject.install(Path.of("src", "test", "node"),
        Path.of("target", "node"), "@grpc/grpc-js");
    Path protos = Path.of("..", "schemas", "src", "main", "proto").toAbsolutePath();
    String address = "localhost:" + bridge.grpcPort();

    String sent = run(node, protos.toString(), address, pki.path("ca.pem").toString(),
        pki.path("client.pem").toString(), pki.path("client.key").toString(), app, "500");
    String refused = run(node, protos.toString(), address, pki.path("ca.pem").toString(), "-",
        "-", "refused-" + app, "10");

    assertThat(sent).contains("SENT 500");
    assertThat(refused).contains("REFUSED UNAVAILABLE");
    List<LogMessage> lines = lines(app, 500);
    assertThat(lines).extracting(m -> m.getMessage().toStringUtf8())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500)
            .mapToObj(n -> "node line " + n).toList());
    assertThat(lines.get(1).getMessageType()).isEqualTo(LogMessage.MessageType.ERR);
    assertThat(lines.get(4).getSourceId()).isEqualTo("1");
    assertThat(lines.get(4).getSourceName()).isEqualTo("NODE");
  }

  /** Runs {@code v2-send.mjs} to its end and returns what it printed. */
  private static String run(NodeProject node, String... args) throws Exception {
    Process process = node.node("v2-send.mjs", List.of(args)).start();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("v2-send.mjs finished").isTrue();
    return output.get(10, TimeUnit.SECONDS);
  }

  private static Envelope.Builder log(String app, String instance, String text, Log.Type type,
      long stamp) {
    return Envelope.newBuilder().setSourceId(app).setInstanceId(instance).setTimestamp(stamp)
        .setLog(Log.newBuilder().setPayload(ByteString.copyFromUtf8(text)).setType(type));
  }

  /** Appends {@code envelope} as an {@code EnvelopeBatch.batch} field (1, length-delimited). */
  private static void field(ByteArrayOutputStream out, byte[] envelope) {
    out.write(0x0A);
    int length = envelope.length;
    while (length >= 0x80) {
      out.write((length & 0x7F) | 0x80);
      length >>>= 7;
    }
    out.write(length);
    out.writeBytes(envelope);
  }

  private double rejected(String reason) {
    return registry.get("kloggregator.bridge.grpc.rejected").tag("reason", reason).counter()
        .count();
  }

  /** {@code app}'s lines in the log topic, once at least {@code atLeast} are there. */
  private List<LogMessage> lines(String app, int atLeast) {
    byte[] key = app.getBytes(StandardCharsets.UTF_8);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (TestLogTopicReader reader = new TestLogTopicReader(stack.bootstrapServers())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        records.clear();
        reader.poll().stream().filter(r -> java.util.Arrays.equals(r.key(), key))
            .forEach(records::add);
        return records.size() >= atLeast;
      });
    }
    List<LogMessage> lines = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      assertThat(new String(record.headers().lastHeader(Topics.HEADER_INGEST).value(),
          StandardCharsets.US_ASCII)).isEqualTo("grpc");
      try {
        lines.add(LogMessage.parseFrom(record.value()));
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    return lines;
  }
}
