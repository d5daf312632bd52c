package io.kloggregator.cli;

import io.kloggregator.schemas.Topics;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code logs replay APP}: re-sends an app's lines between two times or offsets from the log
 * topic, straight from Kafka, to standard output, a file or a syslog drain. Reads with
 * {@link LogTopicReader} (no consumer group), so running consumers are never disturbed.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Operators: re-send an app's lines from the Kafka log topic.",
    synopsisHeading = "%nUsage: ",
    description = {
        "",
        "Reads the app's partition of the log topic directly from Kafka and sends the lines "
            + "stamped in [--from, --to), or stored at offsets [--from-offset, --to-offset), in "
            + "topic order, to standard output, a file (--output) or a syslog drain (--drain). "
            + "It uses no consumer group and commits nothing, so running consumers are not "
            + "disturbed. Open ends mean the start of what Kafka still holds, and its end when "
            + "the replay starts. A summary (partition, offsets, count) goes to standard error."},
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer = {
        "Examples:",
        "  logs replay my-app --from 2026-11-25T09:00:00Z --to 2026-11-25T09:30:00Z",
        "  logs replay my-app --from 2026-11-25T10:00 --format json -o my-app.ndjson",
        "  logs replay my-app --from-offset 1200 --drain syslog://logs.example.com:514",
        "",
        "Times are ISO-8601: an instant (...Z, or with an offset such as +01:00), or a local "
            + "date and time in this machine's zone.",
        "",
        ExitCode.HELP_LIST})
final class ReplayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "APP", description = "The app id.")
  String app;

  @Option(names = "--from", paramLabel = "TIME", description = "First time (inclusive).")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "End time (exclusive).")
  String to;

  @Option(names = "--from-offset", paramLabel = "OFFSET", defaultValue = "-1",
      description = "First offset in the app's partition (inclusive).")
  long fromOffset;

  @Option(names = "--to-offset", paramLabel = "OFFSET", defaultValue = "-1",
      description = "End offset in the app's partition (exclusive).")
  long toOffset;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to FILE (replaced) instead of standard output.")
  Path output;

  @Option(names = "--drain", paramLabel = "URL",
      description = "Send to this syslog drain instead: syslog://host:port (TCP, RFC 5424, "
          + "octet-counted).")
  String drain;

  @Option(names = "--format", paramLabel = "cf|json|syslog", defaultValue = "cf",
      description = "Text format for standard output or --output (default ${DEFAULT-VALUE}).")
  PrintTarget.Format format;

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
      description = "Kafka (default: $KLOGGREGATOR_KAFKA_BOOTSTRAP, else 127.0.0.1:9092).")
  String bootstrap;

  @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = Topics.LOGS,
      description = "Log topic (default ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--max-skew", paramLabel = "SECONDS", defaultValue = "5",
      description = "How far past --to to look for lines Kafka stored late (default "
          + "${DEFAULT-VALUE}).")
  int skewSeconds;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
      description = "How long to wait for Kafka to answer (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  private final Terminal terminal;

  ReplayCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws IOException {
    ReplayRange range = range();
    if (output != null && drain != null) {
      throw new ParameterException(spec.commandLine(), "give --output or --drain, not both");
    }
    String servers = bootstrap != null ? bootstrap
        : terminal.env("KLOGGREGATOR_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    if (timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
    }
    try (LogTopicReader reader = new LogTopicReader(servers, Duration.ofSeconds(timeoutSeconds));
        ReplayTarget target = target()) {
      LogTopicReader.Summary done = reader.replay(topic, app, range, target);
      terminal.err().println("Replayed " + done.sent() + (done.sent() == 1 ? " line" : " lines")
          + " of app " + app + " from " + topic + " partition " + done.partition()
          + ", offsets " + done.start() + " to " + done.stop() + " (exclusive)"
          + (done.undecodable() > 0 ? "; skipped " + done.undecodable() + " undecodable" : "")
          + ".");
      return ExitCode.OK;
    }
  }

  ReplayRange range() {
    try {
      return new ReplayRange(time(from, "--from"), time(to, "--to"), fromOffset, toOffset,
          Duration.ofSeconds(skewSeconds));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private ReplayTarget target() throws IOException {
    if (drain != null) {
      URI url;
      try {
        url = SyslogDrainTarget.parse(drain);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      try {
        return SyslogDrainTarget.connect(url);
      } catch (IOException e) {
        throw new CliException(ExitCode.UNREACHABLE, "Cannot connect to the drain " + drain
            + ": " + e.getMessage());
      }
    }
    LineFormatter cf = new LineFormatter(terminal.zone(), false);
    if (output != null) {
      return new PrintTarget(new PrintWriter(new OutputStreamWriter(
          Files.newOutputStream(output), StandardCharsets.UTF_8)), format, cf, true);
    }
    return new PrintTarget(terminal.out(), format, cf, false);
  }

  /** An ISO-8601 instant, offset date-time, or local date-time in the terminal's zone. */
  Instant time(String text, String option) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text).atZone(terminal.zone()).toInstant();
      } catch (DateTimeParseException again) {
        throw new IllegalArgumentException(option + " must be an ISO-8601 time such as "
            + "2026-11-25T09:30:00Z or 2026-11-25T10:30:00, was '" + text + "'");
      }
    }
  }
}
