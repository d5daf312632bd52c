package io.kloggregator.bridge;

import io.kloggregator.schemas.Topics;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.ProcessKafka;
import io.kloggregator.testkit.TempDirs;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Issue 4's benchmark, all in one run on one broker process: (a) a raw KafkaProducer with the
 * bridge's own producer settings writing the same 200-byte records; (b) UDP emitter, bridge,
 * Kafka; (c) rsyslog imudp to omkafka. (b) and (c) are offered a descending ladder of paced rates
 * and report the highest with zero loss (records counted in the topic). Run by
 * {@code bench/ingest/run.sh}; args: results file, the command line to quote, seconds per step.
 * The bridge of (b) takes its producer overrides and its UDP transport and receive threads from
 * the same variables as the bridge ({@code KLOGGREGATOR_BRIDGE_UDP_TRANSPORT}, {@code _THREADS}).
 */
public final class IngestBenchmark {

  static final String SECRET = "bench-secret";
  static final String RAW_TOPIC = "bench.raw";
  static final String RSYSLOG_TOPIC = "bench.rsyslog";
  private static final int APPS = 100;
  /** Sending threads (sockets) of (u), (b) and (c): {@code BENCH_UDP_SENDERS}, 1..100. */
  static final String SENDERS_VARIABLE = "BENCH_UDP_SENDERS";
  private static final int MAX_STEPS = 9;
  private static final double STEP_DOWN = 0.85;
  /** Producer settings tried with the raw producer to choose the bridge's defaults. */
  private static final Map<String, Map<String, String>> TUNINGS = tunings();

  private final double seconds;
  private final BenchRecords records;
  private final IngestReport report;
  private final Map<String, String> producerOverrides;
  private final BridgeConfig.UdpReceive udpReceive;
  private final int senders;

  private IngestBenchmark(double seconds, IngestReport report, BridgeConfig fromEnv,
      int senders) {
    this.seconds = seconds;
    this.senders = senders;
    this.report = report;
    this.producerOverrides = fromEnv.producer();
    this.udpReceive = fromEnv.listeners().udpReceive();
    this.records = new BenchRecords(APPS, 500, SECRET, Instant.now().toEpochMilli() * 1_000_000);
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    double seconds = Double.parseDouble(args[2]);
    BridgeConfig fromEnv = BridgeConfig.fromEnv(withRequired(System.getenv()));
    BridgeConfig.UdpReceive receive = fromEnv.listeners().udpReceive();
    int senders = Integer.parseInt(System.getenv().getOrDefault(SENDERS_VARIABLE, "2"));
    IngestReport report = new IngestReport(args[1], seconds, fromEnv.producer(),
        UdpTransportChoice.ofNetty().resolve(receive.transport()), receive.threads(), senders);
    Path dir = TempDirs.create("ingest-bench-");
    try (ProcessKafka kafka = ProcessKafka.start(dir.resolve("kafka"), FreePorts.pick(), "1g")) {
      createTopics(kafka.bootstrapServers());
      new IngestBenchmark(seconds, report, fromEnv, senders).run(kafka.bootstrapServers(), dir);
    } finally {
      report.write(out);
      TempDirs.deleteRecursively(dir);
    }
    System.out.println(java.nio.file.Files.readString(out));
    System.exit(0);
  }

  private void run(String bootstrap, Path dir) throws Exception {
    try (TopicCounter counter = new TopicCounter(bootstrap)) {
      report.raw(rawProducer(bootstrap, counter, "raw", producerOverrides, seconds));
      for (int round = 0; round < 2; round++) {
        for (Map.Entry<String, Map<String, String>> tuning : TUNINGS.entrySet()) {
          report.tuning(rawProducer(bootstrap, counter, tuning.getKey(), tuning.getValue(), 2.0));
        }
      }
      try (UdpSink sink = UdpSink.start()) {
        report.udpAlone(ladder("udp alone", sink::count, records.envelopes, sink.port(), null,
            () -> CpuTicks.ofThreads("udp-sink")));
      }
      report.bridge(bridge(bootstrap, counter));
      if (RsyslogPeer.isInstalled()) {
        report.rsyslogVersion(RsyslogPeer.version());
        report.rsyslog(rsyslog(bootstrap, counter, dir));
      }
    }
  }

  /** (a): flat out for {@code secs} after a one-second warm-up, then flush. */
  private IngestReport.Step rawProducer(String bootstrap, TopicCounter counter, String label,
      Map<String, String> overrides, double secs) {
    BridgeConfig config = BridgeConfig.of(bootstrap, SECRET, 0).withProducer(overrides);
    byte[][] keys = new byte[records.size()][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = records.appIds[i].getBytes(StandardCharsets.UTF_8);
    }
    AtomicLong acked = new AtomicLong();
    Map<String, Object> settings = ProducerSettings.of(config);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings)) {
      sendFor(producer, keys, 1.0, acked);
      producer.flush();
      long before = counter.count(RAW_TOPIC);
      acked.set(0);
      long start = System.nanoTime();
      long sent = sendFor(producer, keys, secs, acked);
      producer.flush();
      double elapsed = (System.nanoTime() - start) / 1e9;
      long delivered = counter.count(RAW_TOPIC) - before;
      IngestReport.Step step = new IngestReport.Step(label, 0, sent, delivered, elapsed,
          "acked " + acked.get(), Double.NaN);
      System.out.println(step);
      return step;
    }
  }

  private long sendFor(KafkaProducer<byte[], byte[]> producer, byte[][] keys, double secs,
      AtomicLong acked) {
    long end = System.nanoTime() + (long) (secs * 1e9);
    long sent = 0;
    long ts = Instant.now().toEpochMilli();
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++) {
        int k = (int) (sent % keys.length);
        producer.send(new ProducerRecord<>(RAW_TOPIC, null, ts, keys[k], records.values[k]),
            (metadata, error) -> {
              if (error == null) {
                acked.incrementAndGet();
              }
            });
        sent++;
      }
    }
    return sent;
  }

  /** (b): flat out once (warm-up and ceiling), then the ladder. */
  private List<IngestReport.Step> bridge(String bootstrap, TopicCounter counter) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BridgeConfig config = BridgeConfig.of(bootstrap, SECRET, 0).withProducer(producerOverrides);
    config = config.withListeners(config.listeners().withUdpReceive(udpReceive));
    try (IngestBridge bridge = new IngestBridge(config, registry)) {
      bridge.start();
      return ladder("bridge", () -> counter.count(Topics.LOGS), records.envelopes,
          bridge.udpPort(),
          () -> new long[] {(long) sum(registry, "received"), (long) sum(registry, "dropped")},
          () -> CpuTicks.ofThreads("bridge-", "kafka-producer-"));
    }
  }

  /** (c): the same ladder against rsyslog. */
  private List<IngestReport.Step> rsyslog(String bootstrap, TopicCounter counter, Path dir)
      throws Exception {
    int port = FreePorts.pick();
    try (RsyslogPeer peer = RsyslogPeer.start(dir.resolve("rsyslog"), port, bootstrap,
        RSYSLOG_TOPIC)) {
      long before = counter.count(RSYSLOG_TOPIC);
      for (int i = 0; i < 100 && counter.count(RSYSLOG_TOPIC) == before && peer.isAlive(); i++) {
        PacedUdpSender.send(records.syslogLines, port, 1000, 0.1);
      }
      if (counter.count(RSYSLOG_TOPIC) == before) {
        throw new IllegalStateException("rsyslog delivered nothing to Kafka; see its log in "
            + dir.resolve("rsyslog"));
      }
      return ladder("rsyslog", () -> counter.count(RSYSLOG_TOPIC), records.syslogLines, port,
          null, () -> CpuTicks.ofProcess(peer.pid()));
    }
  }

  private List<IngestReport.Step> ladder(String path, LongSupplier delivered, byte[][] pool,
      int port, Supplier<long[]> note, LongSupplier cpuTicks) throws Exception {
    List<IngestReport.Step> steps = new ArrayList<>();
    IngestReport.Step flatOut = step(path, delivered, pool, port, 0, note, cpuTicks);
    steps.add(flatOut);
    double rate = flatOut.deliveredPerSecond();
    for (int i = 0; i < MAX_STEPS; i++) {
      IngestReport.Step paced = step(path, delivered, pool, port, (long) rate, note, cpuTicks);
      steps.add(paced);
      if (paced.lost() == 0) {
        break;
      }
      rate *= STEP_DOWN;
    }
    return steps;
  }

  private IngestReport.Step step(String path, LongSupplier delivered, byte[][] pool, int port,
      long perSecond, Supplier<long[]> bridgeCounters, LongSupplier cpuTicks) throws Exception {
    long[] countersBefore = bridgeCounters == null ? null : bridgeCounters.get();
    long ticksBefore = cpuTicks.getAsLong();
    long before = delivered.getAsLong();
    long start = System.nanoTime();
    long sent = PacedUdpSender.send(pool, port, perSecond, seconds, senders);
    long[] settled = TopicCounter.awaitSettled(delivered, before + sent, 3000);
    double elapsed = Math.max(seconds, (settled[0] - start) / 1e9);
    String note = "";
    if (bridgeCounters != null) {
      long[] after = bridgeCounters.get();
      note = "bridge received " + (after[0] - countersBefore[0]) + " (kernel lost "
          + (sent - after[0] + countersBefore[0]) + "), dropped " + (after[1] - countersBefore[1]);
    }
    long lines = settled[1] - before;
    double cpu = (cpuTicks.getAsLong() - ticksBefore) * CpuTicks.MICROS_PER_TICK
        / Math.max(1, lines);
    IngestReport.Step step = new IngestReport.Step(path, perSecond, sent, lines, elapsed,
        note, cpu);
    System.out.println(step);
    return step;
  }

  private static double sum(PrometheusMeterRegistry registry, String name) {
    return registry.find("kloggregator.bridge." + name).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  private static void createTopics(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(
          new NewTopic(Topics.LOGS, Topics.DEFAULT_LOG_PARTITIONS, (short) 1),
          new NewTopic(RAW_TOPIC, Topics.DEFAULT_LOG_PARTITIONS, (short) 1),
          new NewTopic(RSYSLOG_TOPIC, Topics.DEFAULT_LOG_PARTITIONS, (short) 1))).all().get();
    }
  }

  private static Map<String, Map<String, String>> tunings() {
    Map<String, Map<String, String>> t = new java.util.LinkedHashMap<>();
    t.put("lz4, linger 20 ms, batch 1 MiB (default)", Map.of());
    t.put("zstd, linger 20 ms, batch 1 MiB", Map.of("compression.type", "zstd"));
    t.put("none, linger 20 ms, batch 1 MiB", Map.of("compression.type", "none"));
    t.put("lz4, linger 5 ms, batch 256 KiB", Map.of("linger.ms", "5", "batch.size", "262144"));
    t.put("lz4, linger 1 ms, batch 64 KiB", Map.of("linger.ms", "1", "batch.size", "65536"));
    return t;
  }

  private static Map<String, String> withRequired(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("KLOGGREGATOR_KAFKA_BOOTSTRAP", "unused:1");
    all.put("KLOGGREGATOR_SHARED_SECRET", SECRET);
    return all;
  }
}
