package io.kloggregator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliTest {

  private final TestTerminal t = new TestTerminal(Map.of());

  @Test
  void helpShowsUsageOperatorCommandsEnvironmentAndExitCodes() {
    int code = t.run("--help");

    assertThat(code).isZero();
    assertThat(t.out()).contains("Usage: logs [-fhivV] [--json] [--no-color] [--recent]",
        "APP", "--recent", "--follow", "--stream=out|err", "--grep=TEXT", "--gateway=URL",
        "replay", "rebuild-router-state", "KLOGGREGATOR_TOKEN", "NO_COLOR", "Exit codes:",
        "403: the token does not grant this app");
  }

  @Test
  void missingAppIsAShortUsageError() {
    assertThat(t.run()).isEqualTo(ExitCode.USAGE);
    assertThat(t.err().lines().toList()).containsExactly(
        "logs: Missing required parameter: APP",
        "usage: logs APP [OPTIONS]; try 'logs --help'");
  }

  @Test
  void anUnknownOptionOrABadValueIsTwoLinesNotTheHelpPage() {
    TestTerminal unknown = new TestTerminal(Map.of());
    TestTerminal badNumber = new TestTerminal(Map.of());
    TestTerminal badRegex = new TestTerminal(Map.of());
    TestTerminal replay = new TestTerminal(Map.of());

    assertThat(unknown.run("a", "--colour")).isEqualTo(ExitCode.USAGE);
    assertThat(badNumber.run("a", "-n", "many")).isEqualTo(ExitCode.USAGE);
    assertThat(badRegex.run("a", "--regex", "(x")).isEqualTo(ExitCode.USAGE);
    assertThat(replay.run("replay", "a", "--from", "yesterday")).isEqualTo(ExitCode.USAGE);

    assertThat(unknown.err().lines().toList()).containsExactly(
        "logs: Unknown option: '--colour'", "usage: logs APP [OPTIONS]; try 'logs --help'");
    assertThat(badNumber.err().lines()).hasSize(2).first().asString()
        .startsWith("logs: Invalid value for option '--lines': 'many' is not an int");
    assertThat(badRegex.err().lines()).hasSize(2).first().asString()
        .startsWith("logs: --regex is not a valid pattern: Unclosed group");
    assertThat(replay.err().lines()).hasSize(2).last().asString()
        .startsWith("usage: logs replay APP [OPTIONS]; try 'logs replay --help'");
    assertThat(unknown.out() + badNumber.out() + badRegex.out() + replay.out()).isEmpty();
  }

  @Test
  void badOptionsAreUsageErrorsNamingTheOption() {
    assertThat(new TestTerminal(Map.of()).run("a", "--stream", "both")).isEqualTo(2);
    assertThat(new TestTerminal(Map.of()).run("a", "--recent", "-n", "0")).isEqualTo(2);
    assertThat(new TestTerminal(Map.of()).run("a", "--instance", "x")).isEqualTo(2);
    TestTerminal badUrl = new TestTerminal(Map.of());
    assertThat(badUrl.run("a", "--gateway", "ftp://x")).isEqualTo(2);
    assertThat(badUrl.err()).contains("--gateway must be http(s)://host[:port], was 'ftp://x'");
    TestTerminal both = new TestTerminal(Map.of());
    assertThat(both.run("a", "--grep", "x", "--regex", "y")).isEqualTo(2);
    assertThat(both.err()).contains("give --grep or --regex, not both");
    TestTerminal invert = new TestTerminal(Map.of());
    assertThat(invert.run("a", "-v")).isEqualTo(2);
    assertThat(invert.err()).contains("-i and -v apply to --grep or --regex");
  }

  @Test
  void unreachableGatewayExitsWith3AndSaysWhereItLooked() throws IOException {
    String url = "http://127.0.0.1:" + closedPort();
    TestTerminal fromEnv = new TestTerminal(Map.of("KLOGGREGATOR_GATEWAY", url));

    assertThat(fromEnv.run("my-app", "--recent")).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(fromEnv.err()).contains("Cannot reach the gateway at " + url,
        "Set --gateway URL or KLOGGREGATOR_GATEWAY");
    TestTerminal tail = new TestTerminal(Map.of());
    assertThat(tail.run("my-app", "--gateway", url)).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(tail.err()).contains("Cannot reach the gateway at " + url);
  }

  @Test
  void anAppNamedLikeASubcommandIsTailedAfterADoubleDash() throws IOException {
    String url = "http://127.0.0.1:" + closedPort();

    assertThat(t.run("--gateway", url, "--", "replay")).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(t.err()).contains("Cannot reach the gateway");
  }

  @Test
  void replayRejectsBadTimesAndMixedRanges() {
    TestTerminal time = new TestTerminal(Map.of());
    assertThat(time.run("replay", "a", "--from", "yesterday")).isEqualTo(2);
    assertThat(time.err()).contains("--from must be an ISO-8601 time");
    TestTerminal mixed = new TestTerminal(Map.of());
    assertThat(mixed.run("replay", "a", "--from", "2026-11-25T10:00:00Z", "--from-offset", "3"))
        .isEqualTo(2);
    assertThat(mixed.err()).contains("not both");
    TestTerminal drain = new TestTerminal(Map.of());
    assertThat(drain.run("replay", "a", "--drain", "https://x:1")).isEqualTo(2);
    assertThat(drain.err()).contains("--drain must be syslog://host:port");
  }

  @Test
  void replayWithUnreachableKafkaExitsWith3() throws IOException {
    String servers = "127.0.0.1:" + closedPort();

    assertThat(t.run("replay", "a", "--bootstrap-server", servers, "--timeout", "2"))
        .isEqualTo(ExitCode.UNREACHABLE);
    assertThat(t.err()).contains("Cannot reach Kafka at " + servers);
  }

  @Test
  void rebuildRouterStatePrintsTheProcedureWithTheGivenNames() {
    TestTerminal env = new TestTerminal(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k1:9092"));

    assertThat(env.run("rebuild-router-state", "--application-id", "r2")).isZero();
    assertThat(env.out()).contains("--group r2", "--bootstrap-server k1:9092",
        "StreamsRouterMain", "replay rebuild-store", "r2-recent-lines-changelog",
        "kafka-streams-application-reset.sh", "KLOGGREGATOR_ROUTER_DRAINS_SINCE");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
