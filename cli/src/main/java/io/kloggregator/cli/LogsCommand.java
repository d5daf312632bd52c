package io.kloggregator.cli;

import io.kloggregator.schemas.json.JsonFrame;
import io.kloggregator.schemas.json.JsonFrameParser;
import io.kloggregator.schemas.json.LineFrame;
import io.kloggregator.schemas.json.LossFrame;
import io.kloggregator.schemas.json.MalformedFrameException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code logs APP}: tails an app's lines from the gateway, dumps its recent lines
 * ({@code --recent}), or both without a gap ({@code --recent --follow}), in the cf CLI's line
 * format or as JSON. Options are fields set by picocli; {@link #call()} runs on the main thread.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, version = "kloggregator logs 0.1.0",
    sortOptions = false, usageHelpAutoWidth = true,
    header = "Show an app's logs from kloggregator, like `cf logs`.",
    synopsisHeading = "%nUsage: ",
    description = {
        "",
        "Tails the app's lines as they arrive (until Ctrl-C), or with --recent prints the last "
            + "lines kept for it and exits. -n N without --recent (or --recent --follow) prints "
            + "the last N and then keeps tailing, with no line missed or shown twice. Filters "
            + "are applied before N is counted: -n 20 --stream err is the last 20 ERR lines. "
            + "After a dropped connection the tail reconnects and resumes after the last line it "
            + "printed.",
        "",
        "Lines go to standard output, status and problems to standard error. Colour is used on "
            + "a terminal only, and never when NO_COLOR is set:",
        "  2014-03-12T17:12:21.06-0600 [App/0]   OUT Express server started"},
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    commandListHeading = "%nOperator commands:%n",
    footerHeading = "%n",
    footer = {
        "Examples:",
        "  logs my-app                          tail",
        "  logs my-app --recent -n 200          the last 200 lines",
        "  logs my-app --recent --follow        the recent lines, then tail",
        "  logs my-app -n 50                    the last 50 lines, then tail",
        "  logs my-app --recent -n 20 --stream err --regex 'Exception|Error' -i",
        "",
        "Environment:",
        "  KLOGGREGATOR_GATEWAY   gateway URL (default http://127.0.0.1:8080)",
        "  KLOGGREGATOR_TOKEN     bearer token",
        "  NO_COLOR               set to turn colour off",
        "",
        ExitCode.HELP_LIST})
final class LogsCommand implements Callable<Integer> {

  static final String DEFAULT_GATEWAY = "http://127.0.0.1:8080";
  static final int DEFAULT_RECENT = 1000;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "APP", description = "The app id.")
  String app;

  @Option(names = "--recent",
      description = "Print the app's recent lines, sorted by time, and exit.")
  boolean recent;

  @Option(names = {"-n", "--lines"}, paramLabel = "N",
      description = "How many recent lines, the newest N that pass the filters (with --recent "
          + "default ${DEFAULT-VALUE}; the gateway allows at most its maximum, 1000 unless "
          + "configured). Without --recent: print them, then tail.")
  int lines = DEFAULT_RECENT;

  @Option(names = {"-f", "--follow"},
      description = "With --recent: keep tailing after the recent lines, without a gap.")
  boolean follow;

  @Option(names = "--stream", paramLabel = "out|err",
      description = "Only standard output (out) or standard error (err) lines.")
  String stream;

  @Option(names = "--instance", paramLabel = "INDEX",
      description = "Only lines of this app instance (0, 1, ...).")
  String instance;

  @Option(names = "--source", paramLabel = "NAME",
      description = "Only lines from this source: App, RTR, STG, API, LGR, ...")
  String source;

  @Option(names = "--grep", paramLabel = "TEXT",
      description = "Only lines containing TEXT (plain text, case-sensitive unless -i).")
  String grep;

  @Option(names = "--regex", paramLabel = "PATTERN",
      description = "Only lines in which the (Java) regular expression PATTERN is found.")
  String regex;

  @Option(names = {"-i", "--ignore-case"}, description = "--grep or --regex ignores case.")
  boolean ignoreCase;

  @Option(names = {"-v", "--invert-match"},
      description = "Only lines that --grep or --regex does not match.")
  boolean negate;

  @Option(names = "--json",
      description = "Print the gateway's JSON, one object per line, instead of the cf format.")
  boolean json;

  @Option(names = "--no-color", description = "Never colour the output.")
  boolean noColour;

  @Option(names = "--gateway", paramLabel = "URL",
      description = "Gateway URL (default: $KLOGGREGATOR_GATEWAY, else " + DEFAULT_GATEWAY + ").")
  String gateway;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Bearer token (default: $KLOGGREGATOR_TOKEN).")
  String token;

  @Option(names = "--retry-for", paramLabel = "SECONDS", defaultValue = "300",
      description = "How long a dropped tail keeps trying to reconnect (default ${DEFAULT-VALUE}).")
  int retrySeconds;

  private final Terminal terminal;

  LogsCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws InterruptedException {
    LogsQuery query = query();
    GatewayClient client = new GatewayClient(gatewayUri(), tokenOrNull());
    LinePrinter printer = new LinePrinter(terminal.out(), terminal.err(),
        new LineFormatter(terminal.zone(), terminal.colour() && !noColour), json);
    boolean linesGiven = spec.commandLine().getParseResult().hasMatchedOption("--lines");
    if (recent && !follow) {
      JsonFrameParser parser = new JsonFrameParser();
      int n = linesGiven ? lines : 0;
      List<JsonFrame> frames = new ArrayList<>();
      client.recent(query.recentPath(n), () -> {
        terminal.err().println("Connected, dumping recent logs for app " + query.app() + " at "
            + client.base() + " ...");
        terminal.err().flush();
      }, row -> {
        try {
          frames.add(parser.parse(row));
        } catch (MalformedFrameException e) {
          // Not a frame this CLI understands: skipped, as the tail skips it.
        }
      });
      // Like the cf CLI: sorted by timestamp (stable, so each instance's order is kept).
      frames.sort(Comparator.comparingLong(LogsCommand::timestamp));
      frames.forEach(printer::print);
      printer.flush();
      return ExitCode.OK;
    }
    TailFollower follower = new TailFollower(client, printer, terminal.err(),
        Duration.ofSeconds(retrySeconds), Duration.ofSeconds(60));
    return follower.follow(query, recent || linesGiven ? lines : 0);
  }

  private static long timestamp(JsonFrame frame) {
    return frame instanceof LineFrame line ? line.timestampNanos()
        : ((LossFrame) frame).fromNanos();
  }

  /** The validated query; bad combinations are usage errors (exit 2, with the usage). */
  LogsQuery query() {
    if (app == null) {
      throw new ParameterException(spec.commandLine(), "Missing required parameter: APP");
    }
    if (lines < 1 || lines > 100_000) {
      throw new ParameterException(spec.commandLine(),
          "-n must be in 1..100000, was " + lines);
    }
    if (retrySeconds < 0) {
      throw new ParameterException(spec.commandLine(), "--retry-for must be >= 0");
    }
    try {
      return new LogsQuery(app, stream, instance, source, grep, regex, ignoreCase, negate);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  URI gatewayUri() {
    String text = gateway != null ? gateway : terminal.env("KLOGGREGATOR_GATEWAY", DEFAULT_GATEWAY);
    try {
      URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
        throw new URISyntaxException(text, "expected http(s)://host[:port]");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ParameterException(spec.commandLine(),
          "--gateway must be http(s)://host[:port], was '" + text + "'");
    }
  }

  String tokenOrNull() {
    String value = token != null ? token : terminal.env("KLOGGREGATOR_TOKEN", null);
    if (value == null || value.isBlank()) {
      return null;
    }
    value = value.trim();
    return value.regionMatches(true, 0, "bearer ", 0, 7) ? value.substring(7).trim() : value;
  }
}
