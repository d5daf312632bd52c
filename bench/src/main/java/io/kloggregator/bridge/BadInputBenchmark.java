package io.kloggregator.bridge;

import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.Topics;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.Machine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The full bad-input run ({@code bench/bad-input/run.sh}): 1,000,000 seeded mutated datagrams
 * with valid lines interleaved, half into a bridge that refuses legacy signatures and half into
 * one that accepts them (the default), against a broker in its own JVM. Writes
 * {@code bench/results/bad-input.md}: what was sent, accepted, rejected by reason, the valid
 * lines delivered, every difference found, the bridge threads' CPU and the JVM's heap.
 * Args: results file, the command to quote, datagrams, seed (optional).
 */
public final class BadInputBenchmark {

  private static final String SECRET = "bad-input-bench-secret";
  private static final int VALID_EVERY = 10;

  private record Run(boolean acceptLegacy, FuzzCampaign.Result sent, BridgeCounters seen,
      long validDelivered, List<String> problems, double cpuSeconds, String health) {
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int datagrams = Integer.parseInt(args[2]);
    long seed = args.length > 3 ? Long.parseLong(args[3]) : System.nanoTime();
    String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadBefore = loadAverage();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peakHeap = new AtomicLong();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "heap-sampler");
      thread.setDaemon(true);
      return thread;
    });
    sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(
        memory.getHeapMemoryUsage().getUsed(), Math::max), 0, 200, TimeUnit.MILLISECONDS);
    List<Run> runs = new ArrayList<>();
    long began = System.nanoTime();
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (LocalStack stack = LocalStack.start(new LocalStack.Options(
        LocalStack.KafkaMode.CHILD_PROCESS, 0, 0, Topics.DEFAULT_LOG_PARTITIONS, "1g"))) {
      runs.add(run(stack, false, seed, datagrams / 2));
      runs.add(run(stack, true, seed + 1, datagrams - datagrams / 2));
    } catch (Throwable e) {
      // A hang (the sender's stall limit), a crash or running out of heap: say so in the
      // results file rather than leave an older run's table in place.
      java.io.StringWriter trace = new java.io.StringWriter();
      e.printStackTrace(new java.io.PrintWriter(trace));
      Files.writeString(out, String.join("\n", List.of(
          "# Bad-input benchmark (issue 10, part 3): FAILED", "",
          "- Date: " + started + " (UTC)", "- Command: `" + args[1] + "`",
          "- Revision: " + System.getenv().getOrDefault("BENCH_REVISION", "not given"),
          "- Seed argument: " + seed + "; runs completed before the failure: " + runs.size(),
          "", "```", trace.toString().strip(), "```")) + "\n");
      e.printStackTrace();
      System.exit(1);
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    memory.gc();
    String loadAfter = loadAverage();
    List<String> md = report(args[1], started, loadBefore, loadAfter, seed, runs, seconds,
        peakHeap.get(), memory.getHeapMemoryUsage().getUsed());
    Files.writeString(out, String.join("\n", md) + "\n");
    System.out.println(String.join("\n", md));
    System.exit(runs.stream().allMatch(r -> r.problems().isEmpty()) ? 0 : 1);
  }

  private static Run run(LocalStack stack, boolean acceptLegacy, long seed, int datagrams)
      throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (IngestBridge bridge = new IngestBridge(BridgeConfig.of(stack.bootstrapServers(), SECRET,
        0).withAcceptLegacy(acceptLegacy), registry);
        TopicCounter topic = new TopicCounter(stack.bootstrapServers())) {
      bridge.start();
      BridgeCounters before = BridgeCounters.of(registry);
      long recordsBefore = topic.count(Topics.LOGS);
      long cpuBefore = CpuTicks.ofThreads("bridge-", "kafka-producer-");
      FuzzCampaign.Result sent = new FuzzCampaign(SECRET, acceptLegacy,
          "bench-" + UUID.randomUUID(), Duration.ofSeconds(120))
          .run(seed, datagrams, VALID_EVERY, bridge.udpPort(),
              BridgeCounters.receivedUdp(registry));
      BridgeCounters seen = FuzzCheck.awaitProduced(sent, before,
          () -> BridgeCounters.of(registry), Duration.ofSeconds(300));
      double cpu = (CpuTicks.ofThreads("bridge-", "kafka-producer-") - cpuBefore)
          * CpuTicks.MICROS_PER_TICK / 1e6;
      List<String> problems = new ArrayList<>(FuzzCheck.counted(sent, seen,
          topic.count(Topics.LOGS) - recordsBefore));
      Map<String, List<io.kloggregator.schemas.proto.LogMessage>> delivered =
          FuzzCheck.delivered(stack.bootstrapServers(), sent.valid());
      problems.addAll(FuzzCheck.inFullAndInOrder(sent.valid(), delivered));
      long validDelivered = delivered.values().stream().mapToLong(List::size).sum();
      HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + bridge.opsPort() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Run(acceptLegacy, sent, seen, validDelivered, problems, cpu,
          health.statusCode() + " " + health.body());
    }
  }

  private static List<String> report(String command, String started, String loadBefore,
      String loadAfter, long seed, List<Run> runs, double seconds, long peakHeap, long heapAfter) {
    List<String> md = new ArrayList<>();
    md.add("# Bad-input benchmark (issue 10, part 3): fuzzed datagrams into the ingest bridge");
    md.add("");
    md.add("- Date: " + started + " (UTC)");
    md.add("- Machine: " + Machine.describe());
    md.add("- Load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter
        + " (other jobs share these cores)");
    md.add("- Command: `" + command + "`");
    md.add("- Revision: " + System.getenv().getOrDefault("BENCH_REVISION", "not given"));
    md.add("- Setup: one KRaft broker in its own JVM (-Xmx1g, 12 log partitions); the bridge, the"
        + " sender and the oracle (the schemas' `EnvelopeCodec` decoding each datagram before it"
        + " is sent) in the benchmark JVM. Every " + VALID_EVERY + "th datagram is a valid line of"
        + " one of 10 apps; the rest are mutants (`DatagramMutator`, 23 kinds chosen uniformly)."
        + " The sender keeps at most 1 MiB (payload + 1 KiB per datagram) between what it sent"
        + " and what the bridge counted, so the socket buffer cannot overflow; kernel drops are"
        + " read from /proc/net/udp anyway.");
    md.add("- Seeds: " + runs.get(0).sent().seed() + " (legacy refused), "
        + runs.get(1).sent().seed() + " (legacy accepted); seed argument " + seed);
    md.add("");
    md.add("| figure | legacy refused | legacy accepted | target |");
    md.add("|---|---|---|---|");
    row(md, runs, "datagrams sent", r -> fmt(r.sent().sent()),
        "1,000,000 in all (this run: " + fmt(runs.stream().mapToLong(r -> r.sent().sent()).sum())
            + ")");
    row(md, runs, "of them mutants", r -> fmt(r.sent().mutants()), "-");
    row(md, runs, "kernel drops (/proc/net/udp)", r -> fmt(r.sent().kernelDrops()), "0");
    row(md, runs, "received by the bridge", r -> fmt(r.seen().receivedUdp()), "= sent");
    row(md, runs, "accepted (records produced)", r -> fmt(r.seen().produced()),
        "= valid + mutants the codec accepts");
    row(md, runs, "mutants still valid (codec)", r -> fmt(r.sent().mutantsAccepted()), "-");
    row(md, runs, "rejected, all reasons", r -> fmt(r.seen().rejectedTotal()),
        "= received - accepted");
    java.util.Set<String> reasons = new java.util.LinkedHashSet<>();
    for (EnvelopeCodec.RejectReason reason : EnvelopeCodec.RejectReason.values()) {
      reasons.add(reason.tag());
    }
    runs.forEach(r -> {
      reasons.addAll(r.seen().rejected().keySet());
      reasons.addAll(r.sent().rejects().keySet());
    });
    for (String reason : reasons) {
      row(md, runs, "rejected{reason=" + reason + "} counted / expected",
          r -> fmt(r.seen().rejected().getOrDefault(reason, 0L)) + " / "
              + fmt(r.sent().rejects().getOrDefault(reason, 0L)), "equal");
    }
    row(md, runs, "dropped after acceptance", r -> r.seen().dropped().isEmpty() ? "0"
        : r.seen().dropped().toString(), "0");
    row(md, runs, "valid lines delivered / sent", r -> fmt(r.validDelivered()) + " / "
        + fmt(r.sent().validSent()), "all, in order per app");
    row(md, runs, "send duration", r -> String.format(Locale.ROOT, "%.1f s (%,.0f datagrams/s)",
        r.sent().seconds(), r.sent().sent() / r.sent().seconds()), "-");
    row(md, runs, "bridge CPU (UDP, sender, producer I/O threads)",
        r -> String.format(Locale.ROOT, "%.1f s (%.1f us/datagram)", r.cpuSeconds(),
            r.cpuSeconds() * 1e6 / r.sent().sent()), "-");
    row(md, runs, "/health after the run", r -> r.health().replace("|", "/"), "200 UP");
    row(md, runs, "differences found", r -> r.problems().isEmpty() ? "none"
        : String.join("; ", r.problems()), "none");
    md.add("");
    md.add(String.format(Locale.ROOT, "Whole run (broker start, both bridges, reading back):"
        + " %.1f s. Heap of the benchmark JVM (bridge + sender + oracle + reader): peak %d MiB"
        + " used (garbage included; sampled every 200 ms, -Xmx1g), %d MiB after the run and a"
        + " GC.", seconds,
        peakHeap >> 20, heapAfter >> 20));
    md.add("");
    md.add("Mutants by kind (legacy refused / legacy accepted):");
    md.add("");
    md.add("| kind | legacy refused | legacy accepted |");
    md.add("|---|---|---|");
    for (DatagramMutator.Kind kind : DatagramMutator.Kind.values()) {
      md.add("| " + kind.name().toLowerCase(Locale.ROOT) + " | "
          + fmt(runs.get(0).sent().kinds().getOrDefault(kind, 0L)) + " | "
          + fmt(runs.get(1).sent().kinds().getOrDefault(kind, 0L)) + " |");
    }
    return md;
  }

  private static void row(List<String> md, List<Run> runs, String figure,
      java.util.function.Function<Run, String> value, String target) {
    md.add("| " + figure + " | " + value.apply(runs.get(0)) + " | " + value.apply(runs.get(1))
        + " | " + target + " |");
  }

  private static String fmt(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** The 1-, 5- and 15-minute load averages. */
  private static String loadAverage() throws java.io.IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }
}
