package io.kloggregator.local.bench;

import io.kloggregator.testkit.Machine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The one-page report of {@code bench/run.sh}: the headline figure of every scenario, read from
 * the files the scenarios wrote (bench/results/*.md) and the logs they printed, each beside its
 * target, plus the fault and bad-input tables as the scenarios wrote them. A figure a scenario did
 * not produce in this run is shown as not measured, never carried over.
 *
 * <p>Usage: {@code BenchReport <results dir> <logs dir>}.
 */
public final class BenchReport {

  static final String MARKDOWN = "report.md";
  static final String CHART = "report.png";

  /** Higher is better ({@code AT_LEAST}) or lower is better ({@code AT_MOST}). */
  enum Goal { AT_LEAST, AT_MOST, NONE }

  /**
   * One headline figure: where to find it ({@code source} is a file name in the results or
   * logs dir), the pattern whose first group is the number (the last match counts), its target.
   */
  record Figure(String name, String source, Pattern pattern, Goal goal, double target,
      String unit) {

    static Figure of(String name, String source, String regex, Goal goal, double target,
        String unit) {
      return new Figure(name, source, Pattern.compile(regex), goal, target, unit);
    }

    String targetText() {
      return switch (goal) {
        case AT_LEAST -> String.format(Locale.ROOT, "≥ %s %s", number(target), unit).trim();
        case AT_MOST -> String.format(Locale.ROOT, "≤ %s %s", number(target), unit).trim();
        case NONE -> "–";
      };
    }
  }

  /** A figure with what this run measured, if anything. */
  record Measured(Figure figure, Optional<Double> value) {

    String verdict() {
      if (value.isEmpty()) {
        return "not measured in this run";
      }
      double v = value.get();
      return switch (figure.goal()) {
        case AT_LEAST -> v >= figure.target() ? "met" : "**not met**";
        case AT_MOST -> v <= figure.target() ? "met" : "**not met**";
        case NONE -> "";
      };
    }

    /** Measured as a share of the target (1 = exactly on target, above 1 = better). */
    double shareOfTarget() {
      double v = value.orElse(0.0);
      return switch (figure.goal()) {
        case AT_LEAST -> v / figure.target();
        case AT_MOST -> v == 0 ? 0 : figure.target() / v;
        case NONE -> 0;
      };
    }
  }

  static final List<Figure> FIGURES = List.of(
      Figure.of("ingest: bridge 0-loss rate / raw KafkaProducer", "ingest.md",
          "\\| ratio \\(b\\)/\\(a\\) \\| ([\\d.]+)", Goal.AT_LEAST, 0.8, ""),
      Figure.of("ingest: bridge highest rate with 0 loss", "ingest.md",
          "\\(b\\) UDP emitter -> bridge -> Kafka, highest rate with 0 loss \\| ([\\d,]+)",
          Goal.NONE, 0, "records/s"),
      Figure.of("ingest: rsyslog imudp→omkafka, same broker, highest rate with 0 loss",
          "ingest.md", "\\(c\\) rsyslog imudp -> omkafka, highest rate with 0 loss \\| ([\\d,]+)",
          Goal.NONE, 0, "records/s"),
      Figure.of("agent: lines emitted per agent CPU-second (paced, 0 dropped)", "agent.md",
          "\\*\\*lines emitted per agent CPU-second\\*\\* \\| \\*\\*([\\d,]+)\\*\\*",
          Goal.AT_LEAST, 100_000, "lines"),
      Figure.of("streams-router: records/s, one instance, fresh start (JIT cold)",
          "streams-router.log",
          "RESULT \\| throughput after RUNNING \\(records/s\\) \\| ([\\d.]+)", Goal.AT_LEAST,
          100_000, "records/s"),
      Figure.of("streams-router: records/s, one instance, warm (last backlog round)",
          "streams-router.log",
          "RESULT \\| warm \\d+: throughput \\(records/s\\) \\| ([\\d.]+)", Goal.AT_LEAST,
          100_000, "records/s"),
      Figure.of("dump p99 (router, n=1000, 10,000 apps stored)", "streams-router.log",
          "RESULT \\| dump latency p99 \\(ms\\) \\| ([\\d.]+)", Goal.AT_MOST, 20, "ms"),
      Figure.of("gateway: emit→tail p99 at 20,000 lines/s (Kafka → gateway → 100 tails)",
          "gateway.log", "RESULT latency: .*?p99 ([\\d.]+) ms", Goal.AT_MOST, 50, "ms"),
      Figure.of("gateway: plain Kafka consumer p99, same partitions, same run (reference)",
          "gateway.log", "RESULT latency-kafka-alone: .*?p99 ([\\d.]+) ms", Goal.NONE, 0, "ms"),
      Figure.of("gateway: fan-out to 2,000 sockets", "gateway.log",
          "RESULT fanout: .*?delivered ([\\d.]+) frames/s", Goal.AT_LEAST, 100_000,
          "frames/s"),
      Figure.of("gateway: heap max with 2,000 sockets", "gateway.log",
          "RESULT fanout: .*?gateway heap max ([\\d.]+) MB", Goal.AT_MOST, 512, "MB"),
      Figure.of("gateway: loss frames to clients that keep up", "gateway.log",
          "RESULT fanout: .*?loss frames ([\\d]+)", Goal.AT_MOST, 0, ""),
      Figure.of("drains: TLS, one drain, to rsyslogd", "drains.log",
          "\\| TLS, 1 drain \\| [\\d,]+ \\| ([\\d,]+) \\|", Goal.AT_LEAST, 100_000, "lines/s"),
      Figure.of("whole system: lines lost at the highest offered rate", "system.md",
          "\\| [\\d,]+ \\| [\\d,]+ \\| [\\d,]+ \\| ([\\d,]+) \\| [\\d,]+ \\| [\\d,]+ \\|",
          Goal.AT_MOST, 0, "lines"),
      Figure.of("whole system: emit→tail p99 at the highest offered rate", "system.md",
          "\\| [\\d,]+ \\| [\\d,]+ \\| [\\d,]+ \\| [\\d,]+ \\| [\\d,]+ \\| [\\d,]+ \\| [\\d.]+ \\| "
              + "([\\d.]+) \\|", Goal.NONE, 0, "ms"),
      Figure.of("whole system: local stack start", "system.md",
          "\\| local stack start .*? \\| ([\\d.]+) s \\|", Goal.AT_MOST, 30, "s"));

  /** Files whose tables are copied into the report as the scenarios wrote them. */
  static final List<String> SECTIONS = List.of("system.md", "faults-pipeline.md",
      "faults-drains.md", "bad-input.md");

  private BenchReport() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      throw new IllegalArgumentException(
          "usage: BenchReport <results dir> <logs dir> [run started, epoch seconds]");
    }
    Path results = Path.of(args[0]);
    Path logs = Path.of(args[1]);
    Instant since = args.length == 3 ? Instant.ofEpochSecond(Long.parseLong(args[2]))
        : Instant.EPOCH;
    List<Measured> measured = measure(results, logs, since);
    writeChart(results.resolve(CHART), measured);
    Files.writeString(results.resolve(MARKDOWN), markdown(measured, results, since));
    System.out.println(Files.readString(results.resolve(MARKDOWN)));
  }

  /** Figures read only from files written at or after {@code since} (older ones are stale). */
  static List<Measured> measure(Path results, Path logs, Instant since) throws IOException {
    List<Measured> measured = new ArrayList<>();
    for (Figure figure : FIGURES) {
      Path file = figure.source().endsWith(".log") ? logs.resolve(figure.source())
          : results.resolve(figure.source());
      Optional<Double> value = Optional.empty();
      if (writtenSince(file, since)) {
        Matcher m = figure.pattern().matcher(Files.readString(file));
        while (m.find()) {
          value = Optional.of(Double.parseDouble(m.group(1).replace(",", "")));
        }
      }
      measured.add(new Measured(figure, value));
    }
    return measured;
  }

  private static boolean writtenSince(Path file, Instant since) throws IOException {
    return Files.exists(file) && !Files.getLastModifiedTime(file).toInstant().isBefore(since);
  }

  static String markdown(List<Measured> measured, Path results, Instant since)
      throws IOException {
    StringBuilder md = new StringBuilder("# kloggregator benchmark report\n\n")
        .append("Produced by `bench/run.sh` on ")
        .append(Instant.now().truncatedTo(ChronoUnit.MINUTES)).append(", ")
        .append(Machine.describe()).append(", load average now ")
        .append(SystemReport.loadAverage())
        .append(". Each figure comes from the file named beside it, written by this run; the "
            + "details (commands, loss, CPU, heap, peers) are there.\n\n")
        .append("| figure | measured | target | verdict | from |\n|---|---|---|---|---|\n");
    for (Measured m : measured) {
      md.append("| ").append(m.figure().name()).append(" | ")
          .append(m.value().map(v -> (number(v) + " " + m.figure().unit()).trim()).orElse("–"))
          .append(" | ").append(m.figure().targetText()).append(" | ").append(m.verdict())
          .append(" | ").append(m.figure().source()).append(" |\n");
    }
    md.append("\n![share of target](").append(CHART).append(")\n");
    for (String section : SECTIONS) {
      Path file = results.resolve(section);
      md.append("\n## ").append(section).append("\n\n");
      if (writtenSince(file, since)) {
        md.append(tablesOf(Files.readString(file)));
      } else if (Files.exists(file)) {
        md.append("Not produced by this run (the file is from an earlier run, ")
            .append(Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MINUTES))
            .append(").\n");
      } else {
        md.append("Not produced by this run.\n");
      }
    }
    return md.toString();
  }

  /** The Markdown tables (and image links) of a scenario file, without its prose. */
  static String tablesOf(String md) {
    StringBuilder out = new StringBuilder();
    boolean inTable = false;
    for (String line : md.split("\n")) {
      boolean tableLine = line.startsWith("|");
      if (tableLine || line.startsWith("![")) {
        out.append(line).append('\n');
      } else if (inTable) {
        out.append('\n');
      }
      inTable = tableLine;
    }
    return out.toString();
  }

  private static void writeChart(Path file, List<Measured> measured) throws IOException {
    List<Measured> targeted = measured.stream()
        .filter(m -> m.figure().goal() != Goal.NONE && m.value().isPresent()
            && m.figure().target() > 0)
        .toList();
    CategoryChart chart = new CategoryChartBuilder().width(1000).height(800)
        .title("measured / target (1.0 = on target, higher is better)").build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(90);
    List<String> names = targeted.stream().map(m -> shortName(m.figure().name())).toList();
    List<Double> shares = targeted.stream().map(Measured::shareOfTarget).toList();
    if (names.isEmpty()) {
      names = List.of("nothing measured");
      shares = List.of(0.0);
    }
    chart.addSeries("share of target", names, shares);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static String shortName(String name) {
    int cut = name.indexOf(" (");
    return cut > 0 ? name.substring(0, cut) : name;
  }

  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.format(Locale.ROOT, "%,d", (long) v)
        : String.format(Locale.ROOT, "%,.2f", v);
  }
}
