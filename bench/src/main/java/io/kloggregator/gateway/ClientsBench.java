package io.kloggregator.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.kloggregator.router.RouterConfig;
import io.kloggregator.router.StreamsRouter;
import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.TempDirs;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Log Cache read latency on the real stack (issue 14, part 8): a broker in its own JVM, the
 * streams router and the gateway in this one. One partition holds {@code otherRecords} lines of
 * other apps and one line a second of the measured app, stamped evenly over the last two hours.
 * Times three reads, each through Log Cache's {@code /api/v1/read}, through {@code /recent} where
 * it can, and by a plain KafkaConsumer on the partition: the newest 1,000 lines of the app, and
 * 1,000 lines starting one hour back. Usage: {@code ClientsBench [otherRecords] [iterations]}.
 */
final class ClientsBench {

  private static final String SECRET = "clients-bench-secret-clients-bench-secret";
  private static final String APP = "bench-app";
  private static final long GO_ZERO_TIME = -6795364578871345152L;
  private static final Duration SPAN = Duration.ofHours(2);
  private static final int OTHER_APPS = 100;
  private static final int LINES = 1000;
  /** Untimed reads before each timed series: the JIT compiles the read path meanwhile. */
  private static final int WARM_UP = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String bootstrap;
  private final int partition;
  private String gateway;
  private String token;

  private ClientsBench(String bootstrap, int partition) {
    this.bootstrap = bootstrap;
    this.partition = partition;
  }

  public static void main(String[] args) throws Exception {
    long otherRecords = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    try (LocalStack stack = LocalStack.start(new LocalStack.Options(
        LocalStack.KafkaMode.CHILD_PROCESS, 0, 0, Topics.DEFAULT_LOG_PARTITIONS, "1g"))) {
      int partition = new LogPartitions(Topics.DEFAULT_LOG_PARTITIONS).partitionOf(APP);
      new ClientsBench(stack.bootstrapServers(), partition).run(stack, otherRecords, iterations);
    }
  }

  private void run(LocalStack stack, long otherRecords, int iterations) throws Exception {
    long loadNanos = System.currentTimeMillis() * 1_000_000L;
    long began = System.nanoTime();
    long total = load(otherRecords, loadNanos);
    report("records loaded into partition " + partition, total,
        String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - began) / 1e9));
    Vertx vertx = Vertx.vertx();
    RouterConfig routerConfig = RouterConfig.of(bootstrap, stack.etcdEndpoint(),
        TempDirs.create("clients-bench-router-"), 0);
    try (StreamsRouter router = new StreamsRouter(routerConfig, vertx,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      began = System.nanoTime();
      router.start().await();
      awaitStored(router.httpPort(), total);
      report("router: all records stored (s)", (System.nanoTime() - began) / 1e9, "");
      try (Gateway gw = new Gateway(GatewayConfig.of(bootstrap,
          List.of("http://127.0.0.1:" + router.httpPort()), 0, SECRET), vertx,
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC())) {
        gw.start().await();
        gateway = "http://127.0.0.1:" + gw.port();
        token = new TokenIssuer(SECRET).issue(List.of(APP), false, Duration.ofHours(1));
        measure(loadNanos, iterations);
      }
    } finally {
      vertx.close().await();
    }
  }

  private void measure(long loadNanos, int iterations) throws Exception {
    long hourBack = loadNanos - Duration.ofHours(1).toNanos();
    String newest = "/api/v1/read/" + APP + "?envelope_types=LOG&limit=1000&descending=true"
        + "&start_time=" + GO_ZERO_TIME;
    String old = "/api/v1/read/" + APP + "?envelope_types=LOG&limit=1000&start_time=" + hourBack;
    check(newest, loadNanos - 1, true);
    check(old, hourBack, false);
    report("Log Cache newest 1,000: p50 / p99 / max (ms)",
        times(iterations, () -> get(newest)), "p99 <= 20 ms");
    report("/recent?n=1000&format=json newest 1,000: p50 / p99 / max (ms)",
        times(iterations, () -> get("/recent?app=" + APP + "&n=1000&format=json")), "");
    report("plain KafkaConsumer newest 1,000: p50 / p99 / max (ms)",
        times(Math.max(3, iterations / 40), this::consumerNewest), "");
    report("Log Cache 1,000 from one hour back: p50 / p99 / max (ms)",
        times(iterations, () -> get(old)), "p99 <= 100 ms");
    report("plain KafkaConsumer 1,000 from one hour back: p50 / p99 / max (ms)",
        times(Math.max(3, iterations / 40), () -> consumerFrom(hourBack)), "");
  }

  /** Produces the partition: other apps' lines and one of APP's a second, over two hours. */
  private long load(long otherRecords, long endNanos) {
    List<String> others = new ArrayList<>();
    LogPartitions partitions = new LogPartitions(Topics.DEFAULT_LOG_PARTITIONS);
    for (int i = 0; others.size() < OTHER_APPS; i++) {
      if (partitions.partitionOf("other-" + i) == partition) {
        others.add("other-" + i);
      }
    }
    long appLines = SPAN.toSeconds();
    long total = otherRecords + appLines;
    long every = total / appLines;
    long startNanos = endNanos - SPAN.toNanos();
    double step = (double) SPAN.toNanos() / total;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "1",
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      long app = 0;
      for (long i = 0; i < total; i++) {
        boolean mine = i % every == 0 && app < appLines;
        String id = mine ? APP : others.get((int) (i % OTHER_APPS));
        long nanos = startNanos + (long) (i * step);
        LogMessage line = LogMessage.newBuilder().setAppId(id).setSourceName("App")
            .setSourceId("0").setMessageType(LogMessage.MessageType.OUT).setTimestamp(nanos)
            .setMessage(ByteString.copyFromUtf8((mine ? "line " + app++ : "request " + i)
                + " GET /v2/things/" + (i % 9973) + " 200 12ms")).build();
        producer.send(new ProducerRecord<>(Topics.LOGS, partition, nanos / 1_000_000L,
            id.getBytes(StandardCharsets.UTF_8), line.toByteArray()));
      }
      producer.flush();
      return app == appLines ? total : total - appLines + app;
    }
  }

  private void awaitStored(int routerPort, long total) throws Exception {
    long last = -1;
    while (true) {
      String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + routerPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      long stored = Arrays.stream(metrics.split("\n"))
          .filter(l -> l.startsWith("kloggregator_router_lines_stored_total"))
          .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
      if (stored >= total) {
        return;
      }
      if (stored / 1_000_000 != last / 1_000_000) {
        System.out.printf(Locale.ROOT, "router stored %,d of %,d%n", stored, total);
      }
      last = stored;
      Thread.sleep(1000);
    }
  }

  /** Reads once and checks the answer: 1,000 lines of APP in the order asked. */
  private void check(String path, long bound, boolean descending) throws Exception {
    JsonNode batch = JSON.readTree(get(path).body()).path("envelopes").path("batch");
    long previous = descending ? Long.MAX_VALUE : Long.MIN_VALUE;
    for (JsonNode envelope : batch) {
      long ts = Long.parseLong(envelope.path("timestamp").asText());
      boolean inOrder = descending ? ts <= previous && ts <= bound : ts >= previous && ts >= bound;
      if (!inOrder || !APP.equals(envelope.path("source_id").asText())) {
        throw new IllegalStateException("wrong answer to " + path + " at " + envelope);
      }
      previous = ts;
    }
    if (batch.size() != LINES) {
      throw new IllegalStateException(path + " answered " + batch.size() + " envelopes");
    }
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(gateway + path))
        .header("Authorization", "bearer " + token).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode());
    }
    return response;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100_000,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The app's newest 1,000 lines: the partition read backwards in chunks, filtered by key. */
  private Object consumerNewest() {
    TopicPartition tp = new TopicPartition(Topics.LOGS, partition);
    byte[] key = APP.getBytes(StandardCharsets.UTF_8);
    int found = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      long chunk = 250_000;
      while (found < LINES && end > 0) {
        long from = Math.max(0, end - chunk);
        found += scan(consumer, tp, from, end, key, Integer.MAX_VALUE);
        end = from;
      }
    }
    return found;
  }

  /** 1,000 lines of the app from {@code startNanos}: Kafka's time index, then a key filter. */
  private Object consumerFrom(long startNanos) {
    TopicPartition tp = new TopicPartition(Topics.LOGS, partition);
    byte[] key = APP.getBytes(StandardCharsets.UTF_8);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.assign(List.of(tp));
      OffsetAndTimestamp at = consumer.offsetsForTimes(Map.of(tp, startNanos / 1_000_000L))
          .get(tp);
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      return scan(consumer, tp, at == null ? end : at.offset(), end, key, LINES);
    }
  }

  private static int scan(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long from,
      long until, byte[] key, int limit) {
    consumer.seek(tp, from);
    int found = 0;
    long position = from;
    while (position < until && found < limit) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(5))) {
        if (record.offset() >= until) {
          break;
        }
        if (Arrays.equals(record.key(), key) && found < limit) {
          found++;
        }
      }
      position = consumer.position(tp);
    }
    return found;
  }

  private static String times(int iterations, Callable<Object> read) throws Exception {
    for (int i = 0; i < Math.min(WARM_UP, iterations); i++) {
      read.call();
    }
    long[] took = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      long began = System.nanoTime();
      read.call();
      took[i] = System.nanoTime() - began;
    }
    Arrays.sort(took);
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f (n=%d)", took[iterations / 2] / 1e6,
        took[(int) Math.ceil(iterations * 0.99) - 1] / 1e6, took[iterations - 1] / 1e6,
        iterations);
  }

  private static void report(String figure, Object value, String target) {
    System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", figure, value, target);
  }
}
