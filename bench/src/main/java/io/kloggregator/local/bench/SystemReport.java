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


  private SystemReport() {
  }

  static void write(SystemBench.Config config, SystemBench.Result result, String loadBefore,
      String args) throws IOException {
    Files.createDirectories(config.resultsDir());
    writeChart(config.resultsDir().resolve(chart(config)), result.phases());
    Files.writeString(config.resultsDir().resolve(config.report() + ".md"),
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
        .append("| command | `").append(System.getProperty("bench.command",
            "SystemBench " + args)).append("` |\n")
        .append("| bridge producer settings over its defaults | ")
        .append(BenchPipeline.bridgeProducer().isEmpty() ? "none (linger.ms 20, batch 1 MiB, lz4)"
            : BenchPipeline.bridgeProducer().toString()).append(" |\n\n");
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
    md.append("\n![emit to tail latency](").append(chart(config)).append(")\n\n");
    split(md, result.phases());
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

  private static String chart(SystemBench.Config config) {
    return config.report() + "-latency.png";
  }

  /** Where the time goes, per rate. */
  private static void split(StringBuilder md, List<SystemBench.PhaseResult> phases) {
    md.append("## Where the time goes\n\n")
        .append("Per offered rate, in ms. *app → agent*: the app's write to the agent's read (the ")
        .append("agent's LogMessage time). *app → plain KafkaConsumer*: the same lines read by ")
        .append("a plain KafkaConsumer beside the gateway (assigned to every partition, default ")
        .append("fetch settings): the reference for the tails. *bridge send → Kafka ack*: the ")
        .append("bridge's ")
        .append("`kloggregator_bridge_produce_latency_seconds` histogram over the phase (mean; ")
        .append("percentiles are bucket upper bounds). *gateway → client*: the tails' percentile ")
        .append("minus the plain consumer's. CPU per line: CPU time of the pipeline's threads in ")
        .append("this JVM (agent, bridge, router, gateway, other; the broker's JVM excluded) over ")
        .append("lines delivered. GC: collections of this JVM (all components share it) in the ")
        .append("phase.\n\n")
        .append("| offered lines/s | app → agent p50 / p99 | app → plain KafkaConsumer p50 / p99 ")
        .append("| bridge send → Kafka ack mean / p50 ≤ / p99 ≤ | app → tail p50 / p99 ")
        .append("| gateway → client p50 / p99 | CPU µs per line | GC collections / ms |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    for (SystemBench.PhaseResult p : phases) {
      SystemBench.Split s = p.split();
      md.append(String.format(Locale.ROOT,
          "| %,d | %.2f / %.2f | %.2f / %.2f | %.2f / %.1f / %.1f | %.2f / %.2f | %.2f / %.2f "
              + "| %.1f | %d / %d |%n",
          p.offeredRate(), s.agentP50Ms(), s.agentP99Ms(), s.consumerP50Ms(),
          s.consumerP99Ms(), s.produceMeanMs(), s.produceP50BoundMs(), s.produceP99BoundMs(),
          p.p50Ms(), p.p99Ms(), p.p50Ms() - s.consumerP50Ms(), p.p99Ms() - s.consumerP99Ms(),
          s.cpuMicrosPerLine(), s.gcCount(), s.gcMillis()));
    }
    md.append('\n');
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
