package io.kloggregator.local.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole pipeline under a paced load, measured from outside: apps write lines to their warden
 * sockets, the agent reads and emits them over UDP to the ingest bridge, Kafka carries them, the
 * gateway tails them to real WebSocket clients. For each offered rate: lines written vs lines each
 * tail received (loss, duplicates, order per app), emit→tail latency percentiles, and CPU of each
 * component; then the dump (GET /recent) latency, heap, and the stack's start time. Kafka runs as
 * a child JVM (so this JVM's heap and CPU are the pipeline's), etcd as a child process.
 *
 * <p>Usage: {@code SystemBench <results dir> [seconds per rate] [rates, comma-separated] [apps]}.
 */
public final class SystemBench {

  private static final String PRODUCE_LATENCY = "kloggregator_bridge_produce_latency_seconds";

  private final Config config;
  private final ComponentCpu cpu = new ComponentCpu();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final HttpClient http = HttpClient.newHttpClient();

  /** {@code report}: the results' file name without extension ({@code system}, {@code latency}). */
  record Config(Path resultsDir, int secondsPerRate, int[] rates, int apps, String report) {
    Config {
      if (secondsPerRate < 1 || apps < 1 || rates.length == 0
          || Arrays.stream(rates).anyMatch(r -> r < 1)) {
        throw new IllegalArgumentException("seconds, apps and rates must be >= 1");
      }
      if (!report.matches("[a-z][a-z0-9-]*")) {
        throw new IllegalArgumentException("report name must be lower-case letters, digits, -");
      }
    }

    static Config parse(String[] args) {
      if (args.length < 1) {
        throw new IllegalArgumentException(
            "usage: SystemBench <results dir> [seconds per rate] [rates,...] [apps] [report]");
      }
      return new Config(Path.of(args[0]),
          args.length > 1 ? Integer.parseInt(args[1]) : 15,
          Arrays.stream((args.length > 2 ? args[2] : "1000,5000,20000").split(","))
              .mapToInt(Integer::parseInt).toArray(),
          args.length > 3 ? Integer.parseInt(args[3]) : 20,
          args.length > 4 ? args[4] : "system");
    }
  }

  /**
   * Where a phase's time went, in ms: the app's write to the agent's read and to a plain
   * KafkaConsumer's receipt (percentiles of every line), the bridge's send to Kafka's ack (its
   * histogram: mean and bucket bounds), and the CPU the pipeline's components spent per delivered
   * line with the pipeline JVM's GC in the phase.
   */
  record Split(double agentP50Ms, double agentP99Ms, double consumerP50Ms, double consumerP99Ms,
      double produceMeanMs, double produceP50BoundMs, double produceP99BoundMs,
      double cpuMicrosPerLine, long gcCount, long gcMillis) {
  }

  /** What one offered rate gave. */
  record PhaseResult(int offeredRate, double seconds, long written, long delivered,
      long duplicates, long outOfOrder, double p50Ms, double p99Ms, double p999Ms, double maxMs,
      Map<String, Double> coresByComponent, long heapMaxBytes, Split split) {

    long lost() {
      return written - delivered;
    }
  }

  /** Everything the run measured. */
  record Result(double startSeconds, List<PhaseResult> phases, double dumpP50Ms,
      double dumpP99Ms, int dumpLines, int dumpRequests, long heapAfterGcBytes) {
  }

  private SystemBench(Config config) {
    this.config = config;
  }

  public static void main(String[] args) throws Exception {
    Config config = Config.parse(args);
    String loadBefore = SystemReport.loadAverage();
    Result result = new SystemBench(config).run();
    SystemReport.write(config, result, loadBefore, String.join(" ", args));
    System.exit(0);
  }

  private Result run() throws Exception {
    try (BenchPipeline bench = BenchPipeline.start(config.apps(), config.rates().length, true)) {
      System.out.printf("RESULT start: local stack and pipeline answered in %.1f s%n",
          bench.startSeconds());
      List<PhaseResult> phases = new ArrayList<>();
      for (int phase = 0; phase < config.rates().length; phase++) {
        phases.add(runPhase(bench, phase, config.rates()[phase]));
      }
      long[] dump = new long[1];
      LongSamples dumpLatency = dumpLatency(bench.gatewayPort(), bench.firstApp(), bench.token(),
          dump);
      System.gc();
      long heapAfterGc = memory.getHeapMemoryUsage().getUsed();
      return new Result(bench.startSeconds(), phases, dumpLatency.percentile(50) / 1e6,
          dumpLatency.percentile(99) / 1e6, (int) dump[0], dumpLatency.size(), heapAfterGc);
    }
  }

  private PhaseResult runPhase(BenchPipeline bench, int phase, int rate)
      throws InterruptedException, java.io.IOException {
    AtomicLong heapMax = new AtomicLong();
    Thread heapSampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        heapMax.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
    }, "system-bench-heap");
    heapSampler.setDaemon(true);
    heapSampler.start();
    Map<String, Long> cpuBefore = cpu.sample();
    PrometheusHistogram produceBefore = PrometheusHistogram.scrape(http, bench.bridgeMetrics(),
        PRODUCE_LATENCY);
    long[] gcBefore = gc();
    long[] written = new long[1];
    long start = System.nanoTime();
    Thread writer = new Thread(
        () -> written[0] = bench.write(phase, rate, config.secondsPerRate()),
        "system-bench-writer");
    writer.start();
    writer.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Long> cpuAfter = cpu.sample();
    long[] gcAfter = gc();
    long delivered = bench.settle(phase, written[0]);
    PrometheusHistogram produce = PrometheusHistogram.scrape(http, bench.bridgeMetrics(),
        PRODUCE_LATENCY).minus(produceBefore);
    heapSampler.interrupt();

    LongSamples latencies = new LongSamples();
    long duplicates = 0;
    long outOfOrder = 0;
    for (TailProbe probe : bench.probes()) {
      TailProbe.PhaseTally tally = probe.snapshot(phase);
      latencies.addAll(tally.latencies);
      duplicates += tally.duplicates;
      outOfOrder += tally.outOfOrder;
    }
    Map<String, Double> cpuSeconds = ComponentCpu.secondsBetween(cpuBefore, cpuAfter);
    double pipelineCpu = cpuSeconds.entrySet().stream()
        .filter(e -> ComponentCpu.isPipeline(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    Map<String, Double> cores = new java.util.LinkedHashMap<>(cpuSeconds);
    cores.replaceAll((k, v) -> v / seconds);
    KafkaLineProbe.PhaseTally kafka = bench.kafkaProbe().snapshot(phase);
    Split split = new Split(kafka.toAgent.percentile(50) / 1e6,
        kafka.toAgent.percentile(99) / 1e6, kafka.toConsumer.percentile(50) / 1e6,
        kafka.toConsumer.percentile(99) / 1e6, produce.meanMillis(),
        produce.percentileBoundMillis(50), produce.percentileBoundMillis(99),
        delivered == 0 ? Double.NaN : pipelineCpu / delivered * 1e6,
        gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
    PhaseResult result = new PhaseResult(rate, seconds, written[0], delivered, duplicates,
        outOfOrder, latencies.percentile(50) / 1e6, latencies.percentile(99) / 1e6,
        latencies.percentile(99.9) / 1e6, latencies.max() / 1e6, cores, heapMax.get(), split);
    System.out.printf("RESULT latency at %,d lines/s: written %,d delivered %,d lost %,d "
        + "duplicates %,d out-of-order %,d; p50 %.2f ms p99 %.2f ms p99.9 %.2f ms max %.2f ms%n",
        rate, result.written(), delivered, result.lost(), duplicates, outOfOrder,
        result.p50Ms(), result.p99Ms(), result.p999Ms(), result.maxMs());
    System.out.printf("RESULT split at %,d lines/s: app->agent p50 %.2f p99 %.2f ms; "
        + "app->plain consumer p50 %.2f p99 %.2f ms; bridge send->ack mean %.2f ms; "
        + "%.2f us CPU per line%n", rate, split.agentP50Ms(), split.agentP99Ms(),
        split.consumerP50Ms(), split.consumerP99Ms(), split.produceMeanMs(),
        split.cpuMicrosPerLine());
    return result;
  }

  /** Collections and their total time in ms, over this JVM's collectors. */
  private static long[] gc() {
    long[] totals = new long[2];
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      totals[0] += Math.max(0, collector.getCollectionCount());
      totals[1] += Math.max(0, collector.getCollectionTime());
    }
    return totals;
  }

  /** {@code GET /recent?n=1000} through the gateway, sequentially; dump[0] = lines in the last. */
  private static LongSamples dumpLatency(int gatewayPort, String app, String token, long[] dump)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort
        + "/recent?app=" + app + "&n=1000"))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
    LongSamples samples = new LongSamples();
    for (int i = 0; i < 330; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      long took = System.nanoTime() - start;
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /recent answered " + response.statusCode() + ": "
            + response.body());
      }
      if (i >= 30) {
        samples.add(took);
      }
      dump[0] = response.body().lines().count();
    }
    return samples;
  }
}
