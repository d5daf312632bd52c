package io.kloggregator.local.bench;

import io.kloggregator.testkit.Machine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A long run at a steady rate through the whole pipeline ({@link BenchPipeline}): every interval
 * it records lines written and delivered, the heap left live after a full GC (what a leak
 * grows), the heap in use before it, open file descriptors and live threads. Writes
 * {@code soak.md}; "flat" is judged between the first sample after warm-up and the last.
 *
 * <p>Usage: {@code SoakBench <results dir> [minutes=30] [lines/s=5000] [apps=20] [interval s=60]}.
 */
public final class SoakBench {

  record Sample(double minutes, long written, long delivered, long liveHeapBytes,
      long heapUsedBytes, long openFiles, int threads) {
  }

  private SoakBench() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException(
          "usage: SoakBench <results dir> [minutes] [lines/s] [apps] [interval s]");
    }
    Path results = Path.of(args[0]);
    int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
    int apps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int interval = args.length > 4 ? Integer.parseInt(args[4]) : 60;
    String loadBefore = SystemReport.loadAverage();
    List<Sample> samples = new ArrayList<>();
    long written = 0;
    long delivered;
    try (BenchPipeline bench = BenchPipeline.start(apps, 1, false)) {
      long start = System.nanoTime();
      int rounds = Math.max(1, minutes * 60 / interval);
      for (int round = 1; round <= rounds; round++) {
        written += bench.write(0, rate, interval);
        Sample sample = sample((System.nanoTime() - start) / 6e10, written, bench.delivered(0));
        samples.add(sample);
        System.out.printf(Locale.ROOT, "SOAK %.1f min: written %,d delivered %,d live heap %d MB "
            + "heap before GC %d MB fds %d threads %d%n",
            sample.minutes(), written, sample.delivered(),
            sample.liveHeapBytes() >> 20, sample.heapUsedBytes() >> 20, sample.openFiles(),
            sample.threads());
      }
      delivered = bench.settle(0, written);
    }
    Files.createDirectories(results);
    Files.writeString(results.resolve("soak.md"), markdown(samples, written, delivered, rate,
        apps, loadBefore, String.join(" ", args)));
    System.exit(0);
  }

  private static Sample sample(double minutes, long written, long delivered) throws IOException {
    long heapInUse = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    // A full collection at each sample: what stays is live, and a leak shows as growth.
    System.gc();
    long liveHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long openFiles;
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      openFiles = fds.count();
    }
    return new Sample(minutes, written, delivered, liveHeap, heapInUse, openFiles,
        ManagementFactory.getThreadMXBean().getThreadCount());
  }

  static String markdown(List<Sample> samples, long written, long delivered, int rate, int apps,
      String loadBefore, String args) {
    StringBuilder md = new StringBuilder("# Soak: the whole pipeline at a steady rate\n\n")
        .append(String.format(Locale.ROOT, "%d apps, %,d lines/s of 200 bytes through agent → "
            + "bridge → Kafka → gateway → %d WebSocket tails, all components in one JVM (Kafka a "
            + "child JVM). Each sample forces a full GC: the live heap left is what a leak would "
            + "grow. The tails keep no latency samples, so the harness's own heap stays flat (one "
            + "bit per line seen, for loss and order).%n%n", apps, rate, apps))
        .append("| | |\n|---|---|\n")
        .append("| date | ").append(Instant.now().truncatedTo(ChronoUnit.MINUTES)).append(" |\n")
        .append("| machine | ").append(Machine.describe()).append(" |\n")
        .append("| load average before / after | ").append(loadBefore).append(" / ")
        .append(SystemReport.loadAverage()).append(" |\n")
        .append("| command | `bench/soak/run.sh ").append(args.substring(
            args.indexOf(' ') < 0 ? args.length() : args.indexOf(' ')).trim()).append("` |\n")
        .append(String.format(Locale.ROOT, "| lines written / delivered to tails / lost | %,d / "
            + "%,d / %,d |%n%n", written, delivered, written - delivered))
        .append("| minute | written | delivered | live heap after full GC MB ")
        .append("| heap in use before it MB "
            + "| open fds | threads |\n|---|---|---|---|---|---|---|\n");
    for (Sample s : samples) {
      md.append(String.format(Locale.ROOT, "| %.1f | %,d | %,d | %d | %d | %d | %d |%n",
          s.minutes(), s.written(), s.delivered(), s.liveHeapBytes() >> 20,
          s.heapUsedBytes() >> 20, s.openFiles(), s.threads()));
    }
    if (samples.size() >= 2) {
      // The first interval includes JIT and pool warm-up: compare from the second sample on.
      Sample first = samples.get(samples.size() > 2 ? 1 : 0);
      Sample last = samples.get(samples.size() - 1);
      md.append(String.format(Locale.ROOT, "%n| from minute %.1f to %.1f | change |%n|---|---|%n"
              + "| live heap after full GC | %+d MB |%n| open fds | %+d |%n| threads | %+d |%n",
          first.minutes(), last.minutes(),
          (last.liveHeapBytes() - first.liveHeapBytes()) >> 20,
          last.openFiles() - first.openFiles(), last.threads() - first.threads()));
    }
    return md.toString();
  }
}
