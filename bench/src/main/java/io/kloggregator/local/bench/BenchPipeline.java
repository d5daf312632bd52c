package io.kloggregator.local.bench;

import io.kloggregator.local.LocalPipeline;
import io.kloggregator.schemas.Topics;
import io.kloggregator.testkit.FakeWarden;
import io.kloggregator.testkit.LocalStack;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The pipeline the whole-system benchmarks drive: a local stack (Kafka as a child JVM, etcd as a
 * child process) with every component in this JVM, {@code apps} app instances on the fake warden,
 * and one live tail per app. Lines are {@code sb <phase> <app> <seq> <sentNanos>} padded to 200
 * bytes, written round-robin over the apps; sequence numbers continue across calls of a phase.
 */
final class BenchPipeline implements AutoCloseable {

  private static final int LINE_BYTES = 200;
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);

  private final LocalStack stack;
  private final LocalPipeline pipeline;
  private final List<String> apps = new ArrayList<>();
  private final List<FakeWarden.Instance> instances = new ArrayList<>();
  private final List<TailProbe> probes = new ArrayList<>();
  private final KafkaLineProbe kafkaProbe;
  private final int[][] nextSeq;
  private final String token;
  private final double startSeconds;

  private BenchPipeline(LocalStack stack, LocalPipeline pipeline, int apps, int phases,
      boolean keepLatencies, double startSeconds) throws Exception {
    this.stack = stack;
    this.pipeline = pipeline;
    this.startSeconds = startSeconds;
    this.nextSeq = new int[phases][apps];
    for (int i = 0; i < apps; i++) {
      this.apps.add("bench-app-" + i);
      instances.add(pipeline.warden().start(this.apps.get(i), 0));
    }
    for (FakeWarden.Instance instance : instances) {
      instance.stdout().awaitReader(Duration.ofSeconds(60));
    }
    token = pipeline.token(this.apps, Duration.ofHours(2));
    kafkaProbe = keepLatencies
        ? new KafkaLineProbe(stack.bootstrapServers(), Topics.DEFAULT_LOG_PARTITIONS, phases)
        : null;
    for (String app : this.apps) {
      probes.add(TailProbe.open(URI.create("ws://127.0.0.1:" + pipeline.gatewayPort()
          + "/tail/?format=json&app=" + app), token, phases, keepLatencies));
    }
    warmUp();
  }

  /**
   * Starts everything; the start time (stack and pipeline answering) is kept. Tails keep latency
   * samples only with {@code keepLatencies}.
   */
  static BenchPipeline start(int apps, int phases, boolean keepLatencies) throws Exception {
    long began = System.nanoTime();
    LocalStack stack = LocalStack.start(new LocalStack.Options(LocalStack.KafkaMode.CHILD_PROCESS,
        0, 0, Topics.DEFAULT_LOG_PARTITIONS, "1g"));
    LocalPipeline pipeline = null;
    try {
      pipeline = LocalPipeline.start(stack,
          LocalPipeline.Options.forTests().withBridgeProducer(bridgeProducer()));
      double startSeconds = (System.nanoTime() - began) / 1e9;
      return new BenchPipeline(stack, pipeline, apps, phases, keepLatencies, startSeconds);
    } catch (Exception | Error e) {
      if (pipeline != null) {
        pipeline.close();
      }
      stack.close();
      throw e;
    }
  }

  /**
   * The bridge's producer settings under test: {@code -Dbench.bridge.producer=linger.ms=0,...}
   * (Kafka keys), none by default.
   */
  static Map<String, String> bridgeProducer() {
    Map<String, String> overrides = new TreeMap<>();
    for (String pair : System.getProperty("bench.bridge.producer", "").split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("bench.bridge.producer: key=value expected, got "
            + pair);
      }
      overrides.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return overrides;
  }

  double startSeconds() {
    return startSeconds;
  }

  int gatewayPort() {
    return pipeline.gatewayPort();
  }

  String firstApp() {
    return apps.get(0);
  }

  String token() {
    return token;
  }

  List<TailProbe> probes() {
    return probes;
  }

  /** The plain KafkaConsumer beside the tails (kept only where the tails keep latencies). */
  KafkaLineProbe kafkaProbe() {
    if (kafkaProbe == null) {
      throw new IllegalStateException("no Kafka probe: started without latencies");
    }
    return kafkaProbe;
  }

  /** The ingest bridge's Prometheus scrape. */
  URI bridgeMetrics() {
    return URI.create("http://127.0.0.1:" + pipeline.bridgeOpsPort() + "/metrics");
  }

  /** A tail starts at the end of its partitions: write until every tail has seen a line. */
  private void warmUp() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (probes.stream().anyMatch(p -> p.frames() == 0)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("tails saw no line within 90 s");
      }
      instances.forEach(i -> i.stdout().println("warm-up"));
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
    }
  }

  /**
   * Writes {@code rate} lines/s for {@code seconds} on the calling thread; returns lines written.
   */
  long write(int phase, int rate, double seconds) {
    int count = instances.size();
    int[] seq = nextSeq[phase];
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long written = 0;
    StringBuilder line = new StringBuilder(LINE_BYTES);
    long now;
    while ((now = System.nanoTime()) < end) {
      long due = (long) ((now - start) / 1e9 * rate);
      while (written < due) {
        int app = (int) (written % count);
        line.setLength(0);
        line.append("sb ").append(phase).append(' ').append(app).append(' ').append(seq[app]++)
            .append(' ').append(System.nanoTime()).append(' ');
        while (line.length() < LINE_BYTES) {
          line.append('x');
        }
        instances.get(app).stdout().println(line.toString());
        written++;
      }
      LockSupport.parkNanos(200_000);
    }
    return written;
  }

  /** Distinct lines of {@code phase} the tails hold now. */
  long delivered(int phase) {
    return probes.stream().mapToLong(p -> p.snapshot(phase).seen.cardinality()).sum();
  }

  /**
   * Waits until the tails hold {@code written} lines of the phase, or nothing new came for 10 s.
   */
  long settle(int phase, long written) {
    long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
    long last = -1;
    long lastChange = System.nanoTime();
    while (true) {
      long delivered = delivered(phase);
      long now = System.nanoTime();
      if (delivered >= written || now > deadline
          || now - lastChange > TimeUnit.SECONDS.toNanos(10)) {
        return delivered;
      }
      if (delivered != last) {
        last = delivered;
        lastChange = now;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  @Override
  public void close() throws InterruptedException {
    probes.forEach(TailProbe::close);
    if (kafkaProbe != null) {
      kafkaProbe.close();
    }
    try (stack) {
      pipeline.close();
    }
  }
}
