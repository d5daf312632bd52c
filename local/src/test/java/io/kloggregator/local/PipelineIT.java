package io.kloggregator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kloggregator.testkit.FakeWarden;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One app's lines through the whole path on the real broker, etcd and sockets: warden unix
 * sockets → agent → signed UDP → ingest bridge → Kafka → streams router (dump) and gateway (tail).
 */
class PipelineIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalStack stack;
  private static LocalPipeline pipeline;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startPipeline() {
    stack = LocalStack.start(LocalStack.Options.forTests());
    pipeline = LocalPipeline.start(stack, LocalPipeline.Options.forTests());
  }

  @AfterAll
  static void stopPipeline() {
    try (LocalStack s = stack) {
      if (pipeline != null) {
        pipeline.close();
      }
    }
  }

  @Test
  void appLinesReachTheTailAndTheDumpInOrderWithTheirTags() throws Exception {
    String app = "e2e-app-1";
    FakeWarden.Instance instance = pipeline.warden().start(app, 3);
    instance.stdout().awaitReader(PATIENCE);
    instance.stderr().awaitReader(PATIENCE);
    String token = pipeline.token(List.of(app), Duration.ofMinutes(10));
    long before = System.currentTimeMillis() * 1_000_000L;

    try (WsRecorder tail = WsRecorder.open(wsUri("/tail/?app=" + app + "&format=json"), token)) {
      awaitTailIsLive(instance, tail);
      List<String> outLines = IntStream.range(0, 20).mapToObj(i -> "out line " + i + " ✓").toList();
      List<String> errLines = IntStream.range(0, 5).mapToObj(i -> "err line " + i).toList();
      outLines.forEach(instance.stdout()::println);
      errLines.forEach(instance.stderr()::println);

      await().atMost(PATIENCE).until(() -> withText(tail.frames(), "line ").size() == 25);
      long after = System.currentTimeMillis() * 1_000_000L;

      List<JsonNode> frames = tail.frames();
      assertThat(texts(frames, "out line ")).containsExactlyElementsOf(outLines);
      assertThat(texts(frames, "err line ")).containsExactlyElementsOf(errLines);
      for (JsonNode frame : withText(frames, "line ")) {
        assertThat(frame.get("app").asText()).isEqualTo(app);
        assertThat(frame.get("instance").asText()).isEqualTo("3");
        assertThat(frame.get("source").asText()).isEqualTo("App");
        assertThat(frame.get("type").asText())
            .isEqualTo(frame.get("text").asText().startsWith("out") ? "OUT" : "ERR");
        assertThat(frame.get("timestamp").asLong()).isBetween(before, after);
        assertThat(frame.get("cursor").asText()).matches("\\d+:\\d+");
      }

      List<JsonNode> dumped = awaitRecent(app, token, 25);
      assertThat(texts(dumped, "out line ")).containsExactlyElementsOf(outLines);
      assertThat(texts(dumped, "err line ")).containsExactlyElementsOf(errLines);
      assertThat(withText(dumped, "line "))
          .as("the dump shows the same lines, tags and cursors as the tail")
          .containsExactlyInAnyOrderElementsOf(withText(frames, "line "));

      try (WsRecorder dump = WsRecorder.open(wsUri("/dump/?app=" + app + "&format=json"), token)) {
        await().atMost(PATIENCE).until(dump::isClosed);
        assertThat(texts(dump.frames(), "out line ")).containsExactlyElementsOf(outLines);
        assertThat(dump.closeCode()).isEqualTo(1000);
      }
    }
  }

  @Test
  void livePageShowsRecentThenLiveLinesWithColourFilterAndPause() throws Exception {
    String app = "e2e-web-app";
    FakeWarden.Instance instance = pipeline.warden().start(app, 0);
    instance.stdout().awaitReader(PATIENCE);
    instance.stderr().awaitReader(PATIENCE);
    String token = pipeline.token(List.of(app), Duration.ofMinutes(10));
    IntStream.range(0, 5).forEach(i -> instance.stdout().println("recent line " + i));
    awaitRecent(app, token, 5);
    Path screenshot = Path.of("target", "web-artifacts", "tail-page.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    String page = "http://127.0.0.1:" + pipeline.gatewayPort() + "/?app=" + app + "&token="
        + token;

    try (BrowserScript browser = BrowserScript.start("tail-page.mjs", page,
        screenshot.toString())) {
      browser.expect("READY", PATIENCE);
      instance.stdout().println("live line 1");
      instance.stderr().println("live error 1");
      browser.send("live-written");
      browser.expect("PAUSED", PATIENCE);
      instance.stdout().println("held line 1");
      browser.send("held-written");
      browser.expect("OK", PATIENCE);

      assertThat(browser.awaitExit(PATIENCE)).isZero();
    }
    assertThat(Files.size(screenshot)).as("screenshot kept as a test artifact").isPositive();
  }

  @Test
  void recentRefusesAMissingTokenAndAnotherAppsToken() throws Exception {
    String other = pipeline.token(List.of("someone-else"), Duration.ofMinutes(5));

    HttpResponse<String> anonymous = get("/recent?app=e2e-app-2", null);
    HttpResponse<String> foreign = get("/recent?app=e2e-app-2", other);

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(foreign.statusCode()).as("the original answered 401 to every denial")
        .isEqualTo(401);
  }

  @Test
  void wsTailPrintsTheFramesAndExitsNonZeroWithTheReasonWhenRefused() throws Exception {
    String app = "e2e-ws-tail";
    FakeWarden.Instance instance = pipeline.warden().start(app, 0);
    instance.stdout().awaitReader(PATIENCE);
    String token = pipeline.token(List.of(app), Duration.ofMinutes(10));
    String other = pipeline.token(List.of("someone-else"), Duration.ofMinutes(5));
    IntStream.range(0, 3).forEach(i -> instance.stdout().println("ws-tail line " + i));
    awaitRecent(app, token, 3);
    String gateway = "ws://127.0.0.1:" + pipeline.gatewayPort();

    WsTailScript.Result dump = WsTailScript.run(gateway + "/dump/?app=" + app + "&format=json",
        token);
    WsTailScript.Result badToken = WsTailScript.run(gateway + "/tail/?app=" + app, "not-a-token");
    WsTailScript.Result foreign = WsTailScript.run(gateway + "/tail/?app=" + app, other);
    WsTailScript.Result noApp = WsTailScript.run(gateway + "/tail/?format=json", token);
    WsTailScript.Result noPath = WsTailScript.run(gateway + "/no-such-path/?app=" + app, token);
    WsTailScript.Result down = WsTailScript.run("ws://127.0.0.1:" + FreePorts.pick()
        + "/tail/?app=" + app, token);

    assertThat(dump.exit()).as(dump.err()).isZero();
    assertThat(dump.out().lines().map(PipelineIT::text).filter(t -> t.startsWith("ws-tail")))
        .containsExactly("ws-tail line 0", "ws-tail line 1", "ws-tail line 2");
    assertRefused(badToken, 4, "ws-tail: refused (401): ");
    assertRefused(foreign, 4, "ws-tail: refused (401): ");
    assertRefused(noApp, 6, "ws-tail: refused (400): ");
    assertRefused(noPath, 6, "ws-tail: refused (404): ");
    assertRefused(down, 3, "ws-tail: gateway unreachable: connect ECONNREFUSED");
  }

  private static void assertRefused(WsTailScript.Result result, int exit, String reason) {
    assertThat(result.exit()).as(result.err()).isEqualTo(exit);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines()).as("one line on stderr, with the reason").singleElement()
        .asString().startsWith(reason).hasSizeGreaterThan(reason.length());
  }

  private static String text(String frame) {
    try {
      return JSON.readTree(frame).path("text").asText();
    } catch (IOException notJson) {
      throw new AssertionError("not a JSON frame: " + frame, notJson);
    }
  }

  /** The tail starts at the partition's end; write markers until one shows, then it is live. */
  private static void awaitTailIsLive(FakeWarden.Instance instance, WsRecorder tail) {
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
      instance.stdout().println("warm-up");
      return !withText(tail.frames(), "warm-up").isEmpty();
    });
  }

  private List<JsonNode> awaitRecent(String app, String token, int count) {
    List<List<JsonNode>> last = new ArrayList<>(List.of(List.of()));
    await().atMost(PATIENCE).until(() -> {
      HttpResponse<String> response = get("/recent?app=" + app + "&n=1000", token);
      if (response.statusCode() != 200) {
        return false;
      }
      List<JsonNode> lines = new ArrayList<>();
      for (String row : response.body().split("\n")) {
        if (!row.isBlank()) {
          lines.add(JSON.readTree(row));
        }
      }
      last.set(0, lines);
      return withText(lines, "line ").size() >= count;
    });
    return last.get(0);
  }

  private HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + pipeline.gatewayPort() + pathAndQuery));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI wsUri(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + pipeline.gatewayPort() + pathAndQuery);
  }

  private static List<JsonNode> withText(List<JsonNode> frames, String fragment) {
    return frames.stream().filter(f -> f.path("text").asText().contains(fragment)).toList();
  }

  private static List<String> texts(List<JsonNode> frames, String prefix) {
    return frames.stream().map(f -> f.path("text").asText()).filter(t -> t.startsWith(prefix))
        .toList();
  }
}
