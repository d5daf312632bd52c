package io.kloggregator.local.bench;

import io.kloggregator.testkit.Machine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Writes {@link SystemBench}'s figures as {@code system.md} and a latency chart PNG. */
final class SystemReport {

  static final String MARKDOWN = "system.md";
  static final String CHART = "system-latency.png";

  private SystemReport() {
  }

  static void write(SystemBench.Config config, SystemBench.Result result, String loadBefore,
      String args) throws IOException {
    Files.createDirectories(config.resultsDir());
    writeChart(config.resultsDir().resolve(CHART), result.phases());
    Files.writeString(config.resultsDir().resolve(MARKDOWN),
        markdown(config, result, loadBefore, args));
  }

  static String markdown(SystemBench.Config config, SystemBench.Result result, String loadBefore,
      String args) {
    StringBuilder md = new StringBuilder();
    md.append("# Whole-system benchmark\n\n")
        .append(config.apps()).append(" apps each write 200-byte lines to their warden stdout ")
        .append("socket, paced; the agent reads and emits them over UDP, the ingest bridge ")
        .append("produces to Kafka, the gateway tails each app to one real WebSocket client ")
        .append("(JDK). ")
        .append("Latency = time a tail received the line minus the time the app wrote it (one ")
        .append("clock: the components and the clients run in one JVM; Kafka is a child JVM, ")
        .append("etcd a child process). Loss = lines written minus distinct lines the tails ")
        .append("received.\n\n")
        .append("| | |\n|---|---|\n")
        .append("| date | ").append(Instant.now().truncatedTo(ChronoUnit.MINUTES)).append(" |\n")
        .append("| machine | ").append(Machine.describe()).append(" |\n")
        .append("| load average before / after | ").append(loadBefore).append(" / ")
        .append(loadAverage()).append(" |\n")
        .append("| command | `bench/system/run.sh ").append(args.substring(
            args.indexOf(' ') < 0 ? args.length() : args.indexOf(' ')).trim())
        .append("` → `SystemBench ").append(args).append("` |\n\n");
    md.append("## Emit → tail, per offered rate (").append(config.secondsPerRate())
        .append(" s each)\n\n")
        .append("| offered lines/s | written | delivered | lost | duplicates | out of order "
            + "| p50 ms | p99 ms | p99.9 ms | max ms | heap max MB |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (SystemBench.PhaseResult p : result.phases()) {
      md.append(String.format(Locale.ROOT,
          "| %,d | %,d | %,d | %,d | %,d | %,d | %.2f | %.2f | %.2f | %.2f | %d |%n",
          p.offeredRate(), p.written(), p.delivered(), p.lost(), p.duplicates(), p.outOfOrder(),
          p.p50Ms(), p.p99Ms(), p.p999Ms(), p.maxMs(), p.heapMaxBytes() >> 20));
    }
    md.append("\n![emit to tail latency](").append(CHART).append(")\n\n");
    md.append("## CPU by component (cores used while writing, by thread name)\n\n| component |");
    result.phases().forEach(p -> md.append(String.format(Locale.ROOT, " %,d lines/s |",
        p.offeredRate())));
    md.append("\n|---|").append("---|".repeat(result.phases().size())).append('\n');
    for (String component : result.phases().get(0).coresByComponent().keySet()) {
      md.append("| ").append(component).append(" |");
      for (SystemBench.PhaseResult p : result.phases()) {
        md.append(String.format(Locale.ROOT, " %.2f |",
            p.coresByComponent().getOrDefault(component, 0.0)));
      }
      md.append('\n');
    }
    md.append("\n## Dump and start\n\n| figure | measured |\n|---|---|\n")
        .append(String.format(Locale.ROOT,
            "| GET /recent?n=1000 through the gateway: p50 / p99 (%d sequential requests, "
                + "%d lines each) | %.2f ms / %.2f ms |%n",
            result.dumpRequests(), result.dumpLines(), result.dumpP50Ms(), result.dumpP99Ms()))
        .append(String.format(Locale.ROOT,
            "| local stack start (Kafka child JVM + etcd + topics + every component answering) "
                + "| %.1f s |%n", result.startSeconds()))
        .append(String.format(Locale.ROOT,
            "| heap of the pipeline JVM after the run, after GC | %d MB |%n",
            result.heapAfterGcBytes() >> 20));
    return md.toString();
  }

  private static void writeChart(Path file, List<SystemBench.PhaseResult> phases)
      throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(800).height(450)
        .title("emit -> tail latency").xAxisTitle("offered lines/s").yAxisTitle("ms").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    List<String> rates = phases.stream().map(p -> String.format(Locale.ROOT, "%,d",
        p.offeredRate())).toList();
    Map<String, java.util.function.ToDoubleFunction<SystemBench.PhaseResult>> series = Map.of(
        "p50", SystemBench.PhaseResult::p50Ms, "p99", SystemBench.PhaseResult::p99Ms,
        "p99.9", SystemBench.PhaseResult::p999Ms);
    for (String name : List.of("p50", "p99", "p99.9")) {
      chart.addSeries(name, rates, phases.stream()
          .map(p -> {
            double ms = series.get(name).applyAsDouble(p);
            return Double.isNaN(ms) ? 0.0 : ms;
          }).toList());
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
