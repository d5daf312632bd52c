package io.kloggregator.router;

import io.kloggregator.schemas.Topics;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.TempDirs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark (run by {@code bench/streams-router/run.sh}): loads the log topic with 10,000 apps
 * (100 of them with 1,000 lines, the rest with 11), then measures how fast one router instance
 * processes the backlog and the latency of {@code GET /v1/recent?n=1000} for the big apps.
 * Kafka runs as a separate JVM. Prints one result line per figure.
 */
public final class RouterBench {

  private static final int APPS = 10_000;
  private static final int BIG_APPS = 100;
  private static final int BIG_LINES = 1_000;
  private static final int SMALL_LINES = 11;
  private static final int QUERIES = 2_000;

  private RouterBench() {
  }

  public static void main(String[] args) throws Exception {
    try (LocalStack stack = LocalStack.start(new LocalStack.Options(
        LocalStack.KafkaMode.CHILD_PROCESS, 0, 0, Topics.DEFAULT_LOG_PARTITIONS, "1g"))) {
      long total = load(stack.bootstrapServers());
      RouterConfig config = RouterConfig.of(stack.bootstrapServers(), stack.etcdEndpoint(),
          TempDirs.create("router-bench-state-"), 0).withMirrorBindings(false);
      try (StreamsRouter router = new StreamsRouter(config)) {
        long began = System.nanoTime();
        router.start();
        long running = System.nanoTime();
        RouterClient client = new RouterClient(router.httpPort());
        long cpuBefore = processCpuNanos();
        while (router.linesStored() < total) {
          Thread.sleep(100);
        }
        long cpuUsed = processCpuNanos() - cpuBefore;
        long done = System.nanoTime();
        report("records processed", total, "");
        report("throughput after RUNNING (records/s)",
            total * 1e9 / (done - running), "target >= 100000");
        report("throughput incl. start-up (records/s)", total * 1e9 / (done - began), "");
        report("router JVM CPU per record after RUNNING (us)", cpuUsed / 1e3 / total,
            "process CPU time / records; the broker is another JVM");
        measureDumps(client);
      }
    }
  }

  private static long load(String bootstrap) {
    long total = 0;
    long began = System.nanoTime();
    byte[] padding = new byte[60];
    Arrays.fill(padding, (byte) 'x');
    String pad = new String(padding, StandardCharsets.US_ASCII);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        new StringSerializer(), new ByteArraySerializer())) {
      long now = System.currentTimeMillis();
      int maxLines = BIG_LINES;
      for (int line = 0; line < maxLines; line++) {
        for (int app = 0; app < APPS; app++) {
          if (app >= BIG_APPS && line >= SMALL_LINES) {
            break;
          }
          String appId = appId(app);
          producer.send(new ProducerRecord<>(Topics.LOGS, null, now, appId,
              LogProducer.line(appId, "line " + line + " " + pad, now).toByteArray()));
          total++;
        }
      }
      producer.flush();
    }
    report("records loaded", total, String.format(Locale.ROOT, "in %.1f s",
        (System.nanoTime() - began) / 1e9));
    return total;
  }

  private static void measureDumps(RouterClient client) {
    for (int i = 0; i < 200; i++) {
      client.recent(appId(i % BIG_APPS), 1000);
    }
    long[] nanos = new long[QUERIES];
    int lines = 0;
    for (int i = 0; i < QUERIES; i++) {
      long t0 = System.nanoTime();
      lines = client.recent(appId(i % BIG_APPS), 1000).getLinesCount();
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    report("lines per dump", lines, "");
    report("dump latency p50 (ms)", nanos[QUERIES / 2] / 1e6, "");
    report("dump latency p99 (ms)", nanos[QUERIES * 99 / 100] / 1e6, "target <= 20");
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static String appId(int i) {
    return String.format(Locale.ROOT, "bench-app-%05d", i);
  }

  private static void report(String name, double value, String note) {
    System.out.printf(Locale.ROOT, "RESULT | %s | %.2f | %s%n", name, value, note);
  }
}
