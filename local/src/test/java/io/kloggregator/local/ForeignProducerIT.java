package io.kloggregator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.schemas.Topics;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-Java producer on the log topic: Debian's kcat with its default partitioner
 * ({@code consistent_random}, CRC32 of the key), which puts most apps' lines in another
 * partition than Java's murmur2. The router relocates them and the gateway skips the originals,
 * so the tail and the dump show every line once, and both count what they found misplaced.
 */
class ForeignProducerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LINES = 30;

  private static LocalStack stack;
  private static LocalPipeline pipeline;
  private static LogPartitions placement;
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path files;

  @BeforeAll
  static void startPipeline() {
    kcat();
    LocalStack.Options options = LocalStack.Options.forTests();
    placement = new LogPartitions(options.logPartitions());
    stack = LocalStack.start(options);
    pipeline = LocalPipeline.start(stack, LocalPipeline.Options.forTests());
  }

  @AfterAll
  static void stopPipeline() {
    if (stack == null) {
      return;
    }
    try (LocalStack s = stack) {
      if (pipeline != null) {
        pipeline.close();
      }
    }
  }

  @Test
  void kcatsDefaultPartitionerLosesNoLineAndDuplicatesNone() throws Exception {
    String misplaced = app(a -> crc32Partition(a) != placement.partitionOf(a), "kcat-moved-");
    // A tail on this app keeps the partition where the misplaced lines land open in the gateway.
    String watcher = app(a -> placement.partitionOf(a) == crc32Partition(misplaced)
        && crc32Partition(a) == placement.partitionOf(a), "kcat-placed-");
    String token = pipeline.token(List.of(misplaced, watcher), Duration.ofMinutes(10));
    List<String> lines = IntStream.range(0, LINES).mapToObj(i -> "kcat line " + i).toList();

    try (WsRecorder movedTail = WsRecorder.open(wsUri(misplaced), token);
        WsRecorder placedTail = WsRecorder.open(wsUri(watcher), token)) {
      awaitLive(misplaced, movedTail);
      awaitLive(watcher, placedTail);
      double routerBefore = counter(pipeline.routerPort(), "kloggregator_router_misplaced_records");
      double gatewayBefore = counter(pipeline.gatewayPort(),
          "kloggregator_gateway_misplaced_records");
      send(misplaced, lines);
      send(watcher, lines);
      send(misplaced, List.of("kcat last"));
      send(watcher, List.of("kcat last"));

      await().atMost(PATIENCE).until(() -> texts(movedTail.frames()).contains("kcat last")
          && texts(placedTail.frames()).contains("kcat last"));

      List<String> expected = new ArrayList<>(lines);
      expected.add("kcat last");
      assertThat(texts(movedTail.frames())).as("the relocated lines, each once, in order")
          .containsExactlyElementsOf(expected);
      assertThat(texts(placedTail.frames())).containsExactlyElementsOf(expected);
      assertThat(texts(recent(misplaced, token))).containsExactlyElementsOf(expected);
      assertThat(texts(recent(watcher, token))).containsExactlyElementsOf(expected);
      await().atMost(PATIENCE).until(() -> counter(pipeline.routerPort(),
          "kloggregator_router_misplaced_records") - routerBefore >= LINES + 1);
      assertThat(counter(pipeline.routerPort(), "kloggregator_router_misplaced_records")
          - routerBefore).isEqualTo(LINES + 1);
      assertThat(counter(pipeline.gatewayPort(), "kloggregator_gateway_misplaced_records")
          - gatewayBefore).as("the originals the watcher's feed skipped").isEqualTo(LINES + 1);
    }
  }

  /** Writes each line as one record keyed {@code app}, with kcat's default partitioner. */
  private void send(String app, List<String> texts) throws Exception {
    List<String> command = new ArrayList<>(List.of(kcat(), "-P", "-b", stack.bootstrapServers(),
        "-t", Topics.LOGS, "-k", app));
    for (String text : texts) {
      Path file = Files.createTempFile(files, "line", ".bin");
      Files.write(file, LogProducer.line(app, text, System.currentTimeMillis()).toByteArray());
      command.add(file.toString());
    }
    Process kcat = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!kcat.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      kcat.destroyForcibly();
      fail("kcat did not finish within " + PATIENCE);
    }
    String output = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kcat.exitValue()).as("kcat: " + output).isZero();
  }

  /** The tail starts at the partition's end: write markers until one shows. */
  private void awaitLive(String app, WsRecorder tail) {
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
      send(app, List.of("warm-up"));
      return tail.frames().stream().anyMatch(f -> f.path("text").asText().equals("warm-up"));
    });
  }

  private List<JsonNode> recent(String app, String token) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + pipeline.gatewayPort() + "/recent?app=" + app + "&n=1000"))
        .header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> frames = new ArrayList<>();
    for (String row : response.body().split("\n")) {
      if (!row.isBlank()) {
        frames.add(JSON.readTree(row));
      }
    }
    return frames;
  }

  /** A counter's value from a component's Prometheus {@code /metrics}. */
  private double counter(int port, String name) throws Exception {
    String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    return body.lines().filter(l -> l.startsWith(name + "_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(name + " not in /metrics:\n" + body));
  }

  private static List<String> texts(List<JsonNode> frames) {
    return frames.stream().map(f -> f.path("text").asText())
        .filter(t -> t.startsWith("kcat ")).toList();
  }

  private static URI wsUri(String app) {
    return URI.create("ws://127.0.0.1:" + pipeline.gatewayPort() + "/tail/?app=" + app
        + "&format=json");
  }

  /** librdkafka's consistent_random: CRC32 of the key modulo the partition count. */
  private static int crc32Partition(String app) {
    CRC32 crc = new CRC32();
    crc.update(app.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % placement.partitionCount());
  }

  private static String app(java.util.function.Predicate<String> wanted, String prefix) {
    return IntStream.range(0, 1000).mapToObj(i -> prefix + i).filter(wanted).findFirst()
        .orElseThrow();
  }

  /** kcat on the PATH; the test fails (never skips) without it. */
  private static String kcat() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, "kcat")).filter(Files::isExecutable).findFirst()
        .map(Path::toString).orElseThrow(() -> new AssertionError("kcat is not installed; "
            + "run scripts/install-deps (installs Debian's kcat) and rerun ForeignProducerIT"));
  }
}
