package io.kloggregator.cli;

import static io.kloggregator.schemas.proto.LogMessage.MessageType.ERR;
import static io.kloggregator.schemas.proto.LogMessage.MessageType.OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.json.JsonFrame;
import io.kloggregator.schemas.json.JsonFrameParser;
import io.kloggregator.schemas.json.LineFrame;
import io.kloggregator.schemas.json.MalformedFrameException;
import io.kloggregator.schemas.proto.LogMessage.MessageType;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.SharedStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code logs} command against the real gateway and streams router on the testkit's broker:
 * tail, recent, recent+follow, filters, refusals and reconnecting after the gateway restarts.
 */
@ExtendWith(SharedStack.class)
class LogsCommandIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final JsonFrameParser PARSER = new JsonFrameParser();
  private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\+0000";

  private static GatewayStack stack;

  @BeforeAll
  static void startStack(LocalStack shared) {
    // A gateway stopped under a test logs its own threads' failures; they are not this test's.
    Awaitility.doNotCatchUncaughtExceptionsByDefault();
    stack = new GatewayStack(shared);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void tailPrintsEachNewLineOnceInTheCfFormat() throws Exception {
    String app = "tail-app";
    try (RunningCli cli = RunningCli.start(env(app), app)) {
      awaitLive(cli, app, "0", OUT);

      stack.write(app, "0", OUT, "hello from tail");
      stack.write(app, "2", ERR, "oops from tail");

      await().atMost(PATIENCE).until(() -> linesWith(cli.out(), "from tail").size() == 2);
      assertThat(linesWith(cli.out(), "from tail")).satisfiesExactly(
          line -> assertThat(line).matches(TIME + " \\[App/0]   OUT hello from tail"),
          line -> assertThat(line).matches(TIME + " \\[App/2]   ERR oops from tail"));
      assertThat(cli.err()).contains("Connected, tailing logs for app tail-app at "
          + stack.gatewayUrl());
      assertThat(cli.stop(PATIENCE)).isEqualTo(ExitCode.INTERRUPTED);
    }
  }

  @Test
  void recentPrintsTheNewestLinesOldestFirstAndExits() {
    String app = "recent-app";
    IntStream.range(0, 8).forEach(i -> stack.write(app, "0", OUT, "recent line " + i));

    await().atMost(PATIENCE).untilAsserted(() -> {
      TestTerminal t = new TestTerminal(env(app));
      assertThat(t.run(app, "--recent", "-n", "5")).isZero();
      List<String> lines = t.out().lines().toList();
      assertThat(lines).hasSize(5);
      for (int i = 0; i < 5; i++) {
        assertThat(lines.get(i)).matches(TIME + " \\[App/0]   OUT recent line " + (i + 3));
      }
      assertThat(t.err()).contains("Connected, dumping recent logs for app recent-app");
    });
  }

  @Test
  void runnableJarPrintsRecentLinesWithoutColourWhenPiped() throws Exception {
    String app = "jar-app";
    stack.write(app, "0", ERR, "from the jar");
    awaitRecent(app, 1);
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      jar = files.filter(p -> p.getFileName().toString().matches("cli-.*-all\\.jar"))
          .findFirst().orElseThrow(() -> new AssertionError("no runnable jar in target/"));
    }
    ProcessBuilder command = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), app, "--recent", "--gateway", stack.gatewayUrl());
    command.environment().put("KLOGGREGATOR_TOKEN", stack.token(app));
    command.redirectError(ProcessBuilder.Redirect.DISCARD);

    Process process = command.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(out).matches(TIME + " \\[App/0]   ERR from the jar\n");
  }

  @Test
  void recentIsSortedByTimestampLikeTheCfCli() {
    String app = "sorted-app";
    Instant now = Instant.now();
    stack.write(app, "1", OUT, "second", now);
    stack.write(app, "0", OUT, "first", now.minusSeconds(1));

    await().atMost(PATIENCE).untilAsserted(() -> {
      TestTerminal t = new TestTerminal(env(app));
      assertThat(t.run(app, "--recent")).isZero();
      assertThat(t.out().lines().map(line -> line.substring(line.lastIndexOf(' ') + 1)))
          .containsExactly("first", "second");
    });
  }

  @Test
  void recentFollowDumpsThenTailsWithoutGapOrDuplicate() throws Exception {
    String app = "follow-app";
    IntStream.range(0, 5).forEach(i -> stack.write(app, "0", OUT, "line " + i));
    awaitRecent(app, 5);

    try (RunningCli cli = RunningCli.start(env(app), app, "--recent", "--follow", "--json")) {
      await().atMost(PATIENCE).until(() -> texts(cli.out()).size() == 5);
      IntStream.range(5, 10).forEach(i -> stack.write(app, "0", OUT, "line " + i));

      await().atMost(PATIENCE).until(() -> texts(cli.out()).size() >= 10);
      assertThat(texts(cli.out())).containsExactlyElementsOf(
          IntStream.range(0, 10).mapToObj(i -> "line " + i).toList());
      assertThat(cli.err()).contains("dumping recent logs and then tailing");
    }
  }

  @Test
  void filtersKeepOnlyTheMatchingLines() throws Exception {
    String app = "filter-app";
    stack.write(app, "0", ERR, "boom on 0");
    stack.write(app, "1", OUT, "boom but out");
    stack.write(app, "1", ERR, "quiet err");
    stack.write(app, "1", ERR, "boom on 1");
    awaitRecent(app, 4);

    TestTerminal t = new TestTerminal(env(app));
    assertThat(t.run(app, "--recent", "--stream", "err", "--instance", "1", "--grep", "boom"))
        .isZero();
    assertThat(t.out().lines().toList())
        .singleElement().asString().endsWith("[App/1]   ERR boom on 1");

    try (RunningCli cli = RunningCli.start(env(app), app, "--stream", "ERR")) {
      awaitLive(cli, app, "0", ERR);
      stack.write(app, "0", OUT, "tail out");
      stack.write(app, "0", ERR, "tail err");
      await().atMost(PATIENCE).until(() -> !linesWith(cli.out(), "tail err").isEmpty());
      assertThat(linesWith(cli.out(), "tail ")).containsExactly(
          linesWith(cli.out(), "tail err").get(0));
    }
  }

  @Test
  void missingOrInvalidTokenExitsWith4AndSaysHowToFixIt() {
    TestTerminal none = new TestTerminal(Map.of("KLOGGREGATOR_GATEWAY", stack.gatewayUrl()));
    TestTerminal bad = new TestTerminal(Map.of());

    assertThat(none.run("any-app", "--recent")).isEqualTo(ExitCode.UNAUTHORIZED);
    assertThat(bad.run("any-app", "--gateway", stack.gatewayUrl(), "--token", "not-a-jwt"))
        .isEqualTo(ExitCode.UNAUTHORIZED);
    assertThat(none.err()).contains("Unauthorized", "Pass --token TOKEN or set KLOGGREGATOR_TOKEN");
    assertThat(bad.err()).contains("Unauthorized", "invalid or has expired");
  }

  @Test
  void anotherAppsTokenExitsWith5() {
    Map<String, String> env = env("someone-else");
    TestTerminal recent = new TestTerminal(env);
    TestTerminal tail = new TestTerminal(env);

    assertThat(recent.run("my-app", "--recent")).isEqualTo(ExitCode.FORBIDDEN);
    assertThat(tail.run("my-app")).isEqualTo(ExitCode.FORBIDDEN);
    assertThat(recent.err()).contains("Forbidden: your token does not grant access to this app");
    assertThat(tail.err()).contains("Forbidden");
  }

  @Test
  void droppedConnectionResumesAfterTheLastLinePrinted() throws Exception {
    String app = "resume-app";
    try (RunningCli cli = RunningCli.start(env(app), app, "--json")) {
      awaitLive(cli, app, "0", OUT);
      IntStream.range(0, 3).forEach(i -> stack.write(app, "0", OUT, "before " + i));
      await().atMost(PATIENCE).until(() -> textsWith(cli.out(), "before ").size() == 3);

      stack.stopGateway();
      try {
        await().atMost(PATIENCE).until(() -> cli.err().contains("Connection lost"));
        IntStream.range(0, 3).forEach(i -> stack.write(app, "0", OUT, "during " + i));
      } finally {
        stack.startGateway();
      }
      stack.write(app, "0", OUT, "after 0");

      await().atMost(PATIENCE).until(() -> !textsWith(cli.out(), "after 0").isEmpty());
      assertThat(texts(cli.out()).stream().filter(t -> !t.startsWith("warm-up")).toList())
          .containsExactly("before 0", "before 1", "before 2", "during 0", "during 1",
              "during 2", "after 0");
      assertThat(cli.err()).contains("Reconnected, resuming after line ");
      assertThat(cli.hasExited()).isFalse();
    }
  }

  @Test
  void filtersAreAppliedBeforeTheLastNAreTaken() {
    String app = "before-n-app";
    stack.write(app, "0", ERR, "e0 java.lang.IllegalStateException: boom");
    stack.write(app, "0", OUT, "o1 noise");
    stack.write(app, "1", ERR, "e2 connection error");
    stack.write(app, "0", OUT, "o3 Error page served");
    stack.write(app, "1", ERR, "e4 retrying");
    IntStream.range(5, 10).forEach(i -> stack.write(app, "0", OUT, "o" + i + " noise"));
    awaitRecent(app, 10);

    assertThat(recentTexts(app, "-n", "2", "--stream", "err"))
        .as("the last 2 ERR lines, not the ERR lines among the last 2")
        .containsExactly("e2 connection error", "e4 retrying");
    assertThat(recentTexts(app, "--regex", "exception|error", "-i")).containsExactly(
        "e0 java.lang.IllegalStateException: boom", "e2 connection error",
        "o3 Error page served");
    assertThat(recentTexts(app, "--regex", "exception|error")).containsExactly(
        "e2 connection error");
    assertThat(recentTexts(app, "-v", "--grep", "noise")).containsExactly(
        "e0 java.lang.IllegalStateException: boom", "e2 connection error",
        "o3 Error page served", "e4 retrying");
    assertThat(recentTexts(app, "-n", "1", "--stream", "err", "-v", "--grep", "retry"))
        .containsExactly("e2 connection error");
  }

  @Test
  void tailWithNPrintsTheLastNLinesThenFollowsWithoutGapOrDuplicate() throws Exception {
    String app = "tail-n-app";
    IntStream.range(0, 6).forEach(i -> stack.write(app, "0", OUT, "line " + i));
    awaitRecent(app, 6);

    try (RunningCli cli = RunningCli.start(env(app), app, "-n", "3", "--json")) {
      await().atMost(PATIENCE).until(() -> texts(cli.out()).size() == 3);
      IntStream.range(6, 9).forEach(i -> stack.write(app, "0", OUT, "line " + i));

      await().atMost(PATIENCE).until(() -> texts(cli.out()).size() >= 6);
      assertThat(texts(cli.out())).containsExactly(
          "line 3", "line 4", "line 5", "line 6", "line 7", "line 8");
      assertThat(cli.hasExited()).as("it keeps tailing").isFalse();
    }
  }

  private static List<String> recentTexts(String app, String... filters) {
    List<String> args = new ArrayList<>(List.of(app, "--recent", "--json"));
    args.addAll(List.of(filters));
    TestTerminal t = new TestTerminal(env(app));
    assertThat(t.run(args.toArray(String[]::new))).as(t.err()).isZero();
    return texts(t.out());
  }

  /** The tail starts at the partition's end: write markers until one shows, then it is live. */
  private static void awaitLive(RunningCli cli, String app, String instance,
      MessageType type) {
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
      assertThat(cli.hasExited()).as("exited early: %s", cli.err()).isFalse();
      stack.write(app, instance, type, "warm-up");
      return cli.out().contains("warm-up");
    });
  }

  private static void awaitRecent(String app, int count) {
    await().atMost(PATIENCE).until(() -> {
      TestTerminal t = new TestTerminal(env(app));
      return t.run(app, "--recent") == 0 && t.out().lines().count() >= count;
    });
  }

  private static Map<String, String> env(String tokenApp) {
    return Map.of("KLOGGREGATOR_GATEWAY", stack.gatewayUrl(),
        "KLOGGREGATOR_TOKEN", stack.token(tokenApp));
  }

  private static List<String> linesWith(String out, String fragment) {
    return out.lines().filter(line -> line.contains(fragment)).toList();
  }

  /** The texts of the JSON line frames in {@code out}, warm-up markers excluded. */
  private static List<String> texts(String out) {
    return out.lines().flatMap(LogsCommandIT::frame)
        .filter(LineFrame.class::isInstance).map(f -> ((LineFrame) f).text())
        .filter(text -> !text.equals("warm-up")).toList();
  }

  private static Stream<JsonFrame> frame(String line) {
    try {
      return Stream.of(PARSER.parse(line));
    } catch (MalformedFrameException e) {
      return Stream.empty();
    }
  }

  private static List<String> textsWith(String out, String prefix) {
    return texts(out).stream().filter(t -> t.startsWith(prefix)).toList();
  }
}
