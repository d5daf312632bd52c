package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kloggregator.ops.Backoff;
import io.kloggregator.schemas.IngressMethods;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.v2.Envelope;
import io.kloggregator.schemas.v2.EnvelopeBatch;
import io.kloggregator.schemas.v2.Log;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.ProcessKafka;
import io.kloggregator.testkit.TempDirs;
import io.kloggregator.testkit.TestLogTopicReader;
import io.kloggregator.testkit.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The v2 ingress's promise across a broker crash: a {@code Send} is answered OK only after Kafka
 * acknowledged every line of it. One sender per app sends numbered batches one after another and
 * retries a batch until it is answered OK, as a real sender does. The broker is SIGKILLed mid-load
 * and restarted. Calls in flight at the kill wait past their deadline (their lines are held by
 * the producer); later ones fail {@code UNAVAILABLE}: the producer, finding no broker, bootstraps
 * again and has no metadata for the log topic, so it refuses lines after {@code max.block.ms}
 * (500 ms here, 10 s by default). The producer's memory is kept small (512 KiB) so that, should it
 * keep its metadata, the outage fills it and calls fail the same way.
 */
class GrpcBrokerRestartIT {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcBrokerRestartIT.class);
  private static final List<String> APPS = List.of("grpc-r1", "grpc-r2", "grpc-r3", "grpc-r4");
  private static final int LINES_PER_BATCH = 100;
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(1);
  /** Calls each sender starts while the broker is dead before it is started again. */
  private static final int CALLS_WHILE_DOWN = 5;
  /** Random bytes of padding per line (lz4 cannot shrink them), so outages fill the producer. */
  private static final int PADDING_BYTES = 150;

  private ProcessKafka kafka;
  private IngestBridge bridge;
  private GrpcTestClient client;
  private final long base = Instant.now().toEpochMilli() * 1_000_000;
  /** Set while the broker is dead: a call started then cannot have Kafka's ack. */
  private volatile boolean brokerDown;
  private volatile boolean running = true;
  private final Map<Status.Code, AtomicInteger> failures = new EnumMap<>(Status.Code.class);
  private final AtomicInteger answeredWhileDown = new AtomicInteger();
  /** The first description seen of each failing status, for the log. */
  private final Map<Status.Code, String> firstFailure = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    for (Status.Code code : Status.Code.values()) {
      failures.put(code, new AtomicInteger());
    }
    kafka = ProcessKafka.start(TempDirs.create("bridge-grpc-restart-"), FreePorts.pick(), "256m");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(Topics.LOGS, 4, (short) 1))).all().get();
    }
    Path pkiDir = TempDirs.create("bridge-grpc-pki-");
    TestPki pki = TestPki.create(pkiDir);
    BridgeConfig config = BridgeConfig.of(kafka.bootstrapServers(), "grpc-restart", 0)
        .withProducer(Map.of("buffer.memory", Integer.toString(512 * 1024),
            "batch.size", Integer.toString(64 * 1024), "max.block.ms", "500"))
        .withGrpc(BridgeConfig.Grpc.on(0, pki.path("server.pem"), pki.path("server.key"),
            pki.path("ca.pem")));
    bridge = new IngestBridge(config);
    bridge.start();
    client = GrpcTestClient.of(bridge.grpcPort(), pki, "client");
  }

  @AfterEach
  void stop() {
    running = false;
    if (client != null) {
      client.close();
    }
    if (bridge != null) {
      bridge.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void everyAcknowledgedBatchIsInKafkaInOrderPerAppAcrossABrokerRestart() throws Exception {
    long began = System.nanoTime();
    List<AppSender> senders = APPS.stream().map(AppSender::new).toList();
    ExecutorService threads = Executors.newFixedThreadPool(senders.size());
    List<Future<?>> sending = new ArrayList<>();
    senders.forEach(s -> sending.add(threads.submit(s)));
    try {
      awaitAcked(senders, 5);

      kafka.kill();
      long killed = System.nanoTime();
      brokerDown = true;
      await().atMost(Duration.ofSeconds(30))
          .until(() -> senders.stream().allMatch(s -> s.callsWhileDown.get() >= CALLS_WHILE_DOWN));
      brokerDown = false;
      long restarting = System.nanoTime();
      kafka.startBroker();
      long ready = System.nanoTime();
      awaitAcked(senders, 5);
      long recovered = System.nanoTime();

      running = false;
      for (Future<?> sender : sending) {
        sender.get(30, TimeUnit.SECONDS);
      }
      report(senders, began, new Outage(killed, restarting, ready, recovered));
    } finally {
      running = false;
      threads.shutdownNow();
    }

    assertThat(answeredWhileDown.get()).as("calls started while the broker was dead answered OK")
        .isZero();
    assertThat(failureCounts()).as("the outage made calls both time out and fail")
        .containsKeys(Status.Code.DEADLINE_EXCEEDED, Status.Code.UNAVAILABLE);
  }

  /** Waits until every sender has had {@code more} batches answered OK from now on. */
  private static void awaitAcked(List<AppSender> senders, int more) {
    List<Integer> from = senders.stream().map(AppSender::ackedBatches).toList();
    await().atMost(Duration.ofSeconds(90)).until(() -> {
      for (int i = 0; i < senders.size(); i++) {
        if (senders.get(i).ackedBatches() < from.get(i) + more) {
          return false;
        }
      }
      return true;
    });
  }

  /**
   * Checks Kafka against what was acknowledged and logs the counts: every acknowledged line is
   * there, and per app the first occurrences are in sending order (duplicates are counted).
   */
  private void report(List<AppSender> senders, long began, Outage outage) throws Exception {
    try (TestLogTopicReader reader = new TestLogTopicReader(kafka.bootstrapServers())) {
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .untilAsserted(() -> checkKafka(senders, reader.poll(), false));
      Totals totals = checkKafka(senders, reader.poll(), true);
      LOG.info("{} apps: {} batches ({} lines) answered OK, {} calls failed {}; Kafka holds {} "
          + "lines, {} duplicates, {} never answered OK; broker down {} ms (killed, {} ms later "
          + "started again, ready after {} ms more), 5 batches per app OK {} ms after; longest "
          + "call {} ms; run {} ms",
          senders.size(), totals.ackedBatches, totals.ackedLines, totals.failedCalls(),
          failureCounts(), totals.records, totals.duplicates, totals.unacked,
          millis(outage.ready - outage.killed), millis(outage.restarting - outage.killed),
          millis(outage.ready - outage.restarting), millis(outage.recovered - outage.ready),
          millis(senders.stream().mapToLong(a -> a.longestCallNanos).max().orElse(0)),
          millis(System.nanoTime() - began));
      LOG.info("first failure of each status: {}", firstFailure);
    }
  }

  private Totals checkKafka(List<AppSender> senders, List<ConsumerRecord<byte[], byte[]>> records,
      boolean last) throws Exception {
    Totals totals = new Totals();
    for (AppSender sender : senders) {
      byte[] key = sender.app.getBytes(StandardCharsets.UTF_8);
      List<Integer> firsts = new ArrayList<>();
      Set<Integer> seen = new HashSet<>();
      for (ConsumerRecord<byte[], byte[]> r : records) {
        if (Arrays.equals(r.key(), key)) {
          totals.records++;
          int seq = seqOf(LogMessage.parseFrom(r.value()).getMessage().toStringUtf8());
          if (seen.add(seq)) {
            firsts.add(seq);
          } else {
            totals.duplicates++;
          }
        }
      }
      int acked = sender.ackedBatches() * LINES_PER_BATCH;
      List<Integer> missing = new ArrayList<>();
      for (int seq = 0; seq < acked; seq++) {
        if (!seen.contains(seq)) {
          missing.add(seq);
        }
      }
      assertThat(missing.size()).as("acknowledged lines of %s missing from Kafka (the first: %s)",
          sender.app, missing.subList(0, Math.min(10, missing.size()))).isZero();
      if (last) {
        assertThat(firsts).as("first occurrences of %s's lines in Kafka", sender.app).isSorted()
            .allMatch(seq -> seq < acked + LINES_PER_BATCH, "sent");
      }
      totals.ackedBatches += sender.ackedBatches();
      totals.ackedLines += acked;
      totals.unacked += firsts.size() - acked;
    }
    return totals;
  }

  private static int seqOf(String text) {
    String[] words = text.split(" ");
    return Integer.parseInt(words[2]);
  }

  private Map<Status.Code, Integer> failureCounts() {
    Map<Status.Code, Integer> counts = new EnumMap<>(Status.Code.class);
    failures.forEach((code, n) -> {
      if (n.get() > 0) {
        counts.put(code, n.get());
      }
    });
    return counts;
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** When ({@link System#nanoTime}) the broker was killed, started again, ready, caught up. */
  private record Outage(long killed, long restarting, long ready, long recovered) {
  }

  /** What Kafka holds against what was acknowledged, over all apps. */
  private final class Totals {
    long records;
    long duplicates;
    long unacked;
    long ackedBatches;
    long ackedLines;

    long failedCalls() {
      return failures.values().stream().mapToLong(AtomicInteger::get).sum();
    }
  }

  /**
   * One app's sender: batch n holds lines {@code n*100 .. n*100+99}; it is sent until answered OK
   * (each call with a 1 s deadline, a jittered backoff between tries), then batch n+1.
   */
  private final class AppSender implements Runnable {
    private final String app;
    private final AtomicInteger acked = new AtomicInteger();
    private final AtomicInteger callsWhileDown = new AtomicInteger();
    private volatile long longestCallNanos;
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    private final Random random = new Random();

    AppSender(String app) {
      this.app = app;
    }

    int ackedBatches() {
      return acked.get();
    }

    @Override
    public void run() {
      while (running) {
        int batch = acked.get();
        boolean startedWhileDown = brokerDown;
        if (startedWhileDown) {
          callsWhileDown.incrementAndGet();
        }
        long started = System.nanoTime();
        try {
          client.unary(IngressMethods.SEND, batch(batch), CALL_DEADLINE);
        } catch (StatusRuntimeException e) {
          took(started);
          failures.get(e.getStatus().getCode()).incrementAndGet();
          firstFailure.putIfAbsent(e.getStatus().getCode(),
              String.valueOf(e.getStatus().getDescription()));
          if (!pause(backoff.nextDelayMillis())) {
            return;
          }
          continue;
        }
        took(started);
        if (startedWhileDown) {
          answeredWhileDown.incrementAndGet();
        }
        backoff.reset();
        acked.incrementAndGet();
      }
    }

    private byte[] batch(int n) {
      EnvelopeBatch.Builder batch = EnvelopeBatch.newBuilder();
      for (int i = 0; i < LINES_PER_BATCH; i++) {
        int seq = n * LINES_PER_BATCH + i;
        batch.addBatch(Envelope.newBuilder().setSourceId(app).setInstanceId("0")
            .setTimestamp(base + seq * 1000L)
            .setLog(Log.newBuilder().setType(Log.Type.OUT)
                .setPayload(ByteString.copyFromUtf8(app + " line " + seq + " " + padding()))));
      }
      return batch.build().toByteArray();
    }

    private void took(long started) {
      longestCallNanos = Math.max(longestCallNanos, System.nanoTime() - started);
    }

    private String padding() {
      byte[] noise = new byte[PADDING_BYTES];
      random.nextBytes(noise);
      return Base64.getEncoder().encodeToString(noise);
    }

    /** Waits before the next try; false when interrupted. */
    private boolean pause(long millis) {
      try {
        Thread.sleep(millis);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
