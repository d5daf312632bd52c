package io.kloggregator.router;

import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.Topics;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.kloggregator.testkit.TempDirs;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * processes the backlog and the latency of {@code GET /v1/recent?n=1000} for the big apps; then
 * pauses processing, writes the same load again and times the warm router on it (the big apps
 * now trim one line per line added), {@link #WARM_ROUNDS} times. Kafka runs as a separate JVM.
 * Prints one result line per figure, CPU per record split by thread group, and the CPU of the
 * child processes (broker, etcd) per record.
 */
public final class RouterBench {

  private static final int APPS = 10_000;
  private static final int BIG_APPS = 100;
  private static final int BIG_LINES = 1_000;
  private static final int SMALL_LINES = 11;
  private static final int QUERIES = 2_000;
  /** Warm backlogs timed one after another; the JIT is still busy in the first. */
  private static final int WARM_ROUNDS = 3;

  private RouterBench() {
  }

  public static void main(String[] args) throws Exception {
    try (LocalStack stack = LocalStack.start(new LocalStack.Options(
        LocalStack.KafkaMode.CHILD_PROCESS, 0, 0, Topics.DEFAULT_LOG_PARTITIONS, "1g"))) {
      long total = load(stack.bootstrapServers(), 0);
      RouterConfig config = RouterConfig.of(stack.bootstrapServers(), stack.etcdEndpoint(),
          TempDirs.create("router-bench-state-"), 0).withMirrorBindings(false)
          .withStreamThreads(Integer.parseInt(
              System.getenv().getOrDefault("ROUTER_BENCH_STREAM_THREADS", "1")));
      report("stream threads", config.streamThreads(), "ROUTER_BENCH_STREAM_THREADS");
      Vertx vertx = Vertx.vertx();
      try (StreamsRouter router = Routers.of(vertx, config)) {
        long began = System.nanoTime();
        router.start().await();
        long running = System.nanoTime();
        RouterClient client = new RouterClient(router.httpPort());
        ThreadCpu cpuBefore = ThreadCpu.snapshot();
        long childrenBefore = childProcessesCpuNanos();
        awaitStored(router, total);
        long done = System.nanoTime();
        report("records processed", total, "");
        report("throughput after RUNNING (records/s)",
            total * 1e9 / (done - running), "target >= 100000");
        report("throughput incl. start-up (records/s)", total * 1e9 / (done - began), "");
        reportCpu("", ThreadCpu.snapshot().since(cpuBefore), total);
        report("broker + etcd CPU per record (us)",
            (childProcessesCpuNanos() - childrenBefore) / 1e3 / total,
            "the child processes, not the router");
        measureDumps(client, "");
        long stored = total;
        for (int round = 1; round <= WARM_ROUNDS; round++) {
          stored += warmBacklog(stack.bootstrapServers(), router, stored, round);
        }
        measureDumps(client, "warm, ");
      } finally {
        vertx.close().await();
      }
    }
  }

  /**
   * The steady state: with the JIT warm and every app already in the store, processing paused
   * while the same load is written again (the 100 big apps now trim a line for every line
   * added), then resumed and timed.
   */
  private static long warmBacklog(String bootstrap, StreamsRouter router, long stored, int round)
      throws InterruptedException {
    router.pause();
    long more = load(bootstrap, round * BIG_LINES);
    ThreadCpu cpuBefore = ThreadCpu.snapshot();
    long childrenBefore = childProcessesCpuNanos();
    long began = System.nanoTime();
    router.resume();
    awaitStored(router, stored + more);
    long done = System.nanoTime();
    String prefix = "warm " + round + ": ";
    report(prefix + "throughput (records/s)", more * 1e9 / (done - began),
        "backlog of " + more + " records, big apps trimming; target >= 100000");
    reportCpu(prefix, ThreadCpu.snapshot().since(cpuBefore), more);
    report(prefix + "broker + etcd CPU per record (us)",
        (childProcessesCpuNanos() - childrenBefore) / 1e3 / more,
        "the child processes, not the router");
    return more;
  }

  /** CPU time of this JVM's child processes (the broker JVM, etcd) from /proc; 0 elsewhere. */
  private static long childProcessesCpuNanos() {
    return ProcessHandle.current().descendants().mapToLong(child -> {
      try {
        String stat = Files.readString(
            Path.of("/proc", Long.toString(child.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
      } catch (IOException | RuntimeException gone) {
        return 0L;
      }
    }).sum();
  }

  private static void awaitStored(StreamsRouter router, long total) {
    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
        .atMost(Duration.ofMinutes(10)).until(() -> router.linesStored() >= total);
  }

  private static void reportCpu(String prefix, Map<String, Long> nanosByGroup, long records) {
    long all = nanosByGroup.values().stream().mapToLong(Long::longValue).sum();
    report(prefix + "router JVM CPU per record (us)", all / 1e3 / records,
        "process CPU time / records; the broker is another JVM");
    nanosByGroup.entrySet().stream()
        .filter(e -> e.getValue() * 100 >= all)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> report(prefix + "  of which " + e.getKey() + " (us)",
            e.getValue() / 1e3 / records, ""));
  }

  /** Writes the load with line numbers from {@code firstLine}; returns the records written. */
  private static long load(String bootstrap, int firstLine) {
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
          producer.send(new ProducerRecord<>(Topics.LOGS, null, now, appId, LogProducer.line(
              appId, "line " + (firstLine + line) + " " + pad, now).toByteArray()));
          total++;
        }
      }
      producer.flush();
    }
    report("records loaded", total, String.format(Locale.ROOT, "in %.1f s",
        (System.nanoTime() - began) / 1e9));
    return total;
  }

  private static void measureDumps(RouterClient client, String prefix) {
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
    report(prefix + "lines per dump", lines, "");
    report(prefix + "dump latency p50 (ms)", nanos[QUERIES / 2] / 1e6, "");
    report(prefix + "dump latency p99 (ms)", nanos[QUERIES * 99 / 100] / 1e6, "target <= 20");
  }

  private static String appId(int i) {
    return String.format(Locale.ROOT, "bench-app-%05d", i);
  }

  private static void report(String name, double value, String note) {
    System.out.printf(Locale.ROOT, "RESULT | %s | %.2f | %s%n", name, value, note);
  }
}
