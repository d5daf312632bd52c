package io.kloggregator.drain;

import static org.awaitility.Awaitility.await;

import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Benchmark (bench/drains/https-batch.sh): lines/s from the drain topic to one
 * {@code https-batch://} drain, a Vert.x HTTPS server on loopback ({@link HttpsReceiver},
 * answering 200 and counting the lines of each body). Lines (the same ≈ 150-byte lines as
 * {@link DrainBench}) are produced to the topic first; the rate is measured between the first and
 * the last line the forwarder counts as sent, and the receiver must then have counted every
 * line. Default forwarder settings (512 KiB or 1 s batches), loopback allowed.
 * Argument: [lines].
 */
public final class HttpsBatchBench {

  private static final int TARGET = 100_000;

  private HttpsBatchBench() {
  }

  public static void main(String[] args) throws Exception {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    Path dir = TempDirs.create("https-bench-");
    try (LocalStack stack = LocalStack.start(LocalStack.Options.forTests());
        HttpsReceiver receiver = HttpsReceiver.counting(TestCerts.create(dir.resolve("pki")))) {
      String url = "https-batch://localhost:" + receiver.port() + "/bench?ca=ca.pem";
      String group = "bench-" + UUID.randomUUID();
      try (DrainFixtures fixtures = new DrainFixtures(stack.bootstrapServers())) {
        fixtures.startGroupAtEnd(group);
      }
      long p0 = System.nanoTime();
      DrainBench.produce(stack.bootstrapServers(), List.of(url), lines);
      System.out.printf(Locale.ROOT, "produced %,d lines in %.1f s%n", lines,
          (System.nanoTime() - p0) / 1e9);
      ForwarderConfig config = ForwarderConfig.of(stack.bootstrapServers()).withGroupId(group)
          .withPolicy(ForwarderConfig.Policy.publicOnly().withAllowPrivate(true)
              .withTlsFilesDir(dir.resolve("pki")));
      try (TestForwarders.Running f = new TestForwarders.Running(config)) {
        long[] firstAndLast = {0, 0};
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
            .atMost(Duration.ofMinutes(10)).alias("every line counted as sent")
            .until(() -> {
              double sent = DrainBench.sum(f, "kloggregator.drain.sent");
              long now = System.nanoTime();
              if (firstAndLast[0] == 0 && sent > 0) {
                firstAndLast[0] = now;
              }
              firstAndLast[1] = now;
              return sent >= lines;
            });
        double rate = lines / ((firstAndLast[1] - firstAndLast[0]) / 1e9);
        System.out.println();
        System.out.println("| scenario | lines | lines/s | target | receiver got | posts | "
            + "failed | resent |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| https-batch, 1 drain | %,d | %,.0f | >= %,d lines/s "
            + "(%s) | %,d | %,d | %.0f | %.0f |%n", lines, rate, TARGET,
            rate >= TARGET ? "met" : "not met", receiver.lines(), receiver.seen(),
            DrainBench.sum(f, "kloggregator.drain.failed"),
            DrainBench.sum(f, "kloggregator.drain.resent"));
      }
    } finally {
      TempDirs.deleteRecursively(dir);
    }
  }
}
