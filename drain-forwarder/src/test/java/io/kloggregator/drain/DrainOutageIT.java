package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.SharedStack;
import io.kloggregator.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loss test: a forwarder SIGKILLed mid-stream. The receiver outage is in the bench module's
 * {@code DrainFaultsIT} (20 s in CI, 60 s in the fault benchmark).
 */
@ExtendWith(SharedStack.class)
class DrainOutageIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int LINES_PER_TICK = 50; // every 50 ms: 1,000 lines/s

  private static LocalStack stack;
  private static DrainFixtures fixtures;
  private Path dir;
  private String group;
  private ScheduledExecutorService load;

  @BeforeAll
  static void startStack(LocalStack shared) {
    stack = shared;
    fixtures = new DrainFixtures(stack.bootstrapServers());
  }

  @AfterAll
  static void closeFixtures() {
    fixtures.close();
  }

  @BeforeEach
  void freshGroup() {
    dir = TempDirs.create("drain-outage-it-");
    group = "outage-" + UUID.randomUUID();
    fixtures.startGroupAtEnd(group);
    load = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void cleanUp() throws InterruptedException {
    load.shutdownNow();
    load.awaitTermination(10, TimeUnit.SECONDS);
    TempDirs.deleteRecursively(dir);
  }

  /** Starts a steady load to {@code url} of at most {@code max} lines; counts lines sent. */
  private AtomicInteger startLoad(String url, String app, int max) {
    AtomicInteger sent = new AtomicInteger();
    load.scheduleAtFixedRate(() -> {
      if (sent.get() < max) {
        fixtures.sendNumbered(url, app, "n", sent.get(), LINES_PER_TICK);
        sent.addAndGet(LINES_PER_TICK);
      }
    }, 0, 50, TimeUnit.MILLISECONDS);
    return sent;
  }

  private int stopLoad(AtomicInteger sent) throws InterruptedException {
    load.shutdown();
    assertThat(load.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    fixtures.flush();
    return sent.get();
  }

  /** Up and owning partitions (the load must start after the group formed). */
  private static boolean isConsuming(int port) {
    try {
      var response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + port + "/health")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && !response.body().contains("\"partitions\":\"0\"");
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Every line arrived; first arrivals are in order; returns the number of duplicates. */
  private static int assertCompleteAndOrdered(List<String> received, int expected) {
    LinkedHashSet<String> firsts = new LinkedHashSet<>(received);
    List<String> want = new ArrayList<>(expected);
    for (int i = 0; i < expected; i++) {
      want.add(String.format(java.util.Locale.ROOT, "n-%06d", i));
    }
    assertThat(new ArrayList<>(firsts)).containsExactlyElementsOf(want);
    return received.size() - firsts.size();
  }

  @Test
  void forwarderKilledMidStreamAndRestartedLosesNoLine() throws Exception {
    try (RsyslogReceiver rsyslog = RsyslogReceiver.plain(dir.resolve("rs"))) {
      String url = "syslog://127.0.0.1:" + rsyslog.port();
      int opsPort = FreePorts.pick();
      Map<String, String> env = new HashMap<>(Map.of(
          "KLOGGREGATOR_KAFKA_BOOTSTRAP", stack.bootstrapServers(),
          "KLOGGREGATOR_DRAIN_GROUP_ID", group,
          "KLOGGREGATOR_DRAIN_OPS_HOST", "127.0.0.1",
          "KLOGGREGATOR_DRAIN_OPS_PORT", String.valueOf(opsPort),
          "KLOGGREGATOR_DRAIN_ALLOW_PRIVATE", "true",
          "KLOGGREGATOR_DRAIN_SETTLE_MS", "300",
          "KLOGGREGATOR_DRAIN_COMMIT_INTERVAL_MS", "200",
          "KLOGGREGATOR_DRAIN_KAFKA_SESSION_TIMEOUT_MS", "6000",
          "KLOGGREGATOR_DRAIN_KAFKA_HEARTBEAT_INTERVAL_MS", "1000"));
      String app = "app-" + UUID.randomUUID();
      Path log = Path.of(System.getProperty("java.io.tmpdir"), "forwarder-crash-it.log");
      Files.deleteIfExists(log);

      AtomicInteger sent;
      long start = fixtures.committed(group);
      try (ForwarderProcess first = ForwarderProcess.start(env, log)) {
        await().atMost(WAIT).until(() -> isConsuming(opsPort));
        sent = startLoad(url, app, 10_000);
        await().atMost(WAIT).until(() -> rsyslog.messages().size() >= 3_000);
        first.kill();
      }
      int atKill = rsyslog.messages().size();
      long committedAtKill = fixtures.committed(group) - start;
      System.out.printf("crash: killed with %d lines received, %d committed%n", atKill,
          committedAtKill);
      assertThat(committedAtKill).isPositive().isLessThan(10_000);
      try (ForwarderProcess second = ForwarderProcess.start(env, log)) {
        await().atMost(WAIT).until(() -> rsyslog.messages().size() > atKill + 1_000);
        await().atMost(WAIT).until(() -> sent.get() >= 10_000);
        int total = stopLoad(sent);
        await().atMost(WAIT).until(() -> new LinkedHashSet<>(rsyslog.messages()).size() >= total);
        int duplicates = assertCompleteAndOrdered(rsyslog.messages(), total);
        System.out.printf("crash: %d lines, %d duplicates after SIGKILL%n", total, duplicates);
        assertThat(second.isAlive()).isTrue();
      }
    }
  }
}
