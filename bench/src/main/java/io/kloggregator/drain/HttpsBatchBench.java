package io.kloggregator.drain;

import static org.awaitility.Awaitility.await;

import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.TempDirs;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Benchmark (bench/drains/https-batch.sh): lines/s from the drain topic to one
 * {@code https-batch://} drain, a Vert.x HTTPS server on loopback ({@link HttpsReceiver},
 * answering 200 and counting the lines of each body). Lines (the same ≈ 150-byte lines as
 * {@link DrainBench}) are produced to the topic first; the rate is measured between the first and
 * the last line the forwarder counts as sent, after {@code warmUp} lines sent first (JIT and
 * TLS warm-up: the first second of a cold run sends about a third of the steady rate), and the
 * receiver must then have counted every line (the warm-up lines too). Default forwarder
 * settings (512 KiB or 1 s batches), loopback allowed. Also prints the CPU time this JVM
 * (broker, forwarder and receiver) used over the measured lines, per 500,000 lines: on a
 * shared machine that figure moves far less than the rate. Also
 * the 1-minute load average at both ends, catch-ups and drains detached, and the CPU time by
 * thread group (names without digits, sampled every 20 ms: a thread's last 20 ms may be missed).
 * Arguments: [lines=500000] [warmUp=200000].
 */
public final class HttpsBatchBench {

  private static final int TARGET = 100_000;

  private HttpsBatchBench() {
  }

  public static void main(String[] args) throws Exception {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    Path dir = TempDirs.create("https-bench-");
    try (LocalStack stack = LocalStack.start(LocalStack.Options.forTests());
        HttpsReceiver receiver = HttpsReceiver.counting(TestCerts.create(dir.resolve("pki")))) {
      String url = "https-batch://localhost:" + receiver.port() + "/bench?ca=ca.pem";
      String group = "bench-" + UUID.randomUUID();
      try (DrainFixtures fixtures = new DrainFixtures(stack.bootstrapServers())) {
        fixtures.startGroupAtEnd(group);
      }
      long p0 = System.nanoTime();
      DrainBench.produce(stack.bootstrapServers(), List.of(url), warmUp + lines);
      System.out.printf(Locale.ROOT, "produced %,d + %,d lines in %.1f s%n", warmUp, lines,
          (System.nanoTime() - p0) / 1e9);
      ForwarderConfig config = ForwarderConfig.of(stack.bootstrapServers()).withGroupId(group)
          .withPolicy(ForwarderConfig.Policy.publicOnly().withAllowPrivate(true)
              .withTlsFilesDir(dir.resolve("pki")));
      try (TestForwarders.Running f = new TestForwarders.Running(config)) {
        long[] firstAndLast = {0, 0};
        long[] cpu = {0, 0};
        long[] nextPrint = {0};
        double[] sentAt = {0, 0};
        double[] load = {0, 0};
        ThreadCpu threads = new ThreadCpu();
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
            .atMost(Duration.ofMinutes(10)).alias("every line counted as sent")
            .until(() -> {
              double sent = DrainBench.sum(f, "kloggregator.drain.sent");
              long now = System.nanoTime();
              if (firstAndLast[0] == 0 && sent > warmUp) {
                firstAndLast[0] = now;
                sentAt[0] = sent;
                cpu[0] = processCpuNanos();
                load[0] = loadAverage();
                threads.start();
              }
              firstAndLast[1] = now;
              sentAt[1] = sent;
              cpu[1] = processCpuNanos();
              threads.sample();
              if (firstAndLast[0] != 0 && now >= nextPrint[0]) {
                nextPrint[0] = now + 1_000_000_000L;
                System.out.printf(Locale.ROOT, "  %5.1f s: sent %,.0f, backlog %,.0f%n",
                    (now - firstAndLast[0]) / 1e9, sent, f.registry.find("kloggregator.drain"
                        + ".backlog").gauges().stream().mapToDouble(g -> g.value()).sum());
              }
              return sent >= warmUp + lines;
            });
        load[1] = loadAverage();
        double measured = sentAt[1] - sentAt[0];
        double rate = measured / ((firstAndLast[1] - firstAndLast[0]) / 1e9);
        double cpuPer500k = (cpu[1] - cpu[0]) / 1e9 * 500_000 / measured;
        System.out.println();
        System.out.println("| scenario | lines | lines/s | target | receiver got | posts | "
            + "failed | resent |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| https-batch, 1 drain | %,d | %,.0f | >= %,d lines/s "
            + "(%s) | %,d | %,d | %.0f | %.0f |%n", (long) measured, rate, TARGET,
            rate >= TARGET ? "met" : "not met", receiver.lines(), receiver.seen(),
            DrainBench.sum(f, "kloggregator.drain.failed"),
            DrainBench.sum(f, "kloggregator.drain.resent"));
        System.out.printf(Locale.ROOT, "%nCPU (this JVM, over the measured lines): %.2f s per "
            + "500,000 lines; load average %.2f -> %.2f; catch-ups %.0f, drains detached %.0f%n",
            cpuPer500k, load[0], load[1], DrainBench.sum(f, "kloggregator.drain.catchups"),
            DrainBench.sum(f, "kloggregator.drain.fell_behind"));
        threads.print(500_000.0 / measured);
      }
    } finally {
      TempDirs.deleteRecursively(dir);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** CPU time per thread group over the measured window (sampled, so a lower bound). */
  private static final class ThreadCpu {
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Map<Long, long[]> firstAndLast = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private boolean started;
    private boolean first;

    void start() {
      started = true;
      first = true;
      sample();
      first = false;
    }

    void sample() {
      if (!started) {
        return;
      }
      for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
        if (info == null) {
          continue;
        }
        long cpu = mx.getThreadCpuTime(info.getThreadId());
        if (cpu < 0) {
          continue;
        }
        long[] fl = firstAndLast.computeIfAbsent(info.getThreadId(),
            id -> new long[] {first ? cpu : 0, cpu});
        fl[1] = cpu;
        names.putIfAbsent(info.getThreadId(), info.getThreadName().replaceAll("[0-9]+", "#"));
      }
    }

    void print(double scale) {
      Map<String, Double> byGroup = new TreeMap<>();
      firstAndLast.forEach((id, fl) -> byGroup.merge(names.get(id), (fl[1] - fl[0]) / 1e9,
          Double::sum));
      System.out.println("CPU s per 500,000 lines by thread group (>= 0.05 s):");
      byGroup.entrySet().stream().filter(e -> e.getValue() * scale >= 0.05)
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(e -> System.out.printf(Locale.ROOT, "  %6.2f  %s%n", e.getValue() * scale,
              e.getKey()));
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
