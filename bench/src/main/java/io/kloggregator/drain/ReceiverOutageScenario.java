package io.kloggregator.drain;

import static org.awaitility.Awaitility.await;

import io.kloggregator.testkit.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Fault scenario "drain receiver down": two real rsyslogd receivers, {@code down} (drain of apps
 * a1 and a2) and {@code up} (drain of app a3), fed through the drain topic at a steady rate to
 * one forwarder whose per-drain memory backlog is smaller than the outage's backlog (so the
 * catch-up reader takes part). {@code down} is stopped (SIGTERM) for {@code outage} while the
 * apps keep writing, then started again on the same port; the load goes on for {@code after}
 * once the backlog has arrived. Measures what each drain got of each app and how long the
 * recovery took; asserts nothing itself (the IT and the benchmark judge the {@link Result}).
 */
final class ReceiverOutageScenario {

  /** Limit for each wait; a wait that runs out leaves its figure unset and the loss visible. */
  private static final Duration LIMIT = Duration.ofSeconds(180);

  /**
   * @param accepted lines per app the broker accepted
   * @param failedSends sends the broker refused (counted as loss by the tallies)
   * @param a1 app a1 at the drain that went down
   * @param a2 app a2 at the drain that went down
   * @param a3 app a3 at the drain that stayed up
   * @param a3DuringOutage lines of a3 that arrived while the other drain was down
   * @param firstLine from the restart to the first new line at the restarted receiver, or null
   * @param backlogDelivered from the restart until every line accepted before it had arrived
   * @param noticed whether a1 got the "drain ... unreachable since" notice line
   * @param committedLag records of the group's partitions not committed at the end
   * @param healthy whether the forwarder's /health answered 200 throughout and after the outage
   */
  record Result(Duration outage, int linesPerSecond, int accepted, long failedSends,
      DeliveryTally a1, DeliveryTally a2, DeliveryTally a3, int a3DuringOutage,
      Duration firstLine, Duration backlogDelivered, double resent, double catchups,
      boolean noticed, long committedLag, boolean healthy) {

    /** Nothing lost, nothing out of order, the restart recovered. */
    boolean clean() {
      return failedSends == 0 && a1.complete() && a2.complete() && a3.complete()
          && a1.outOfOrder() + a2.outOfOrder() + a3.outOfOrder() == 0
          && a1.beyond() + a2.beyond() + a3.beyond() == 0 && backlogDelivered != null
          && healthy;
    }
  }

  private final LocalStack stack;
  private final Path dir;

  ReceiverOutageScenario(LocalStack stack, Path dir) {
    this.stack = stack;
    this.dir = dir;
  }

  /**
   * Runs the scenario: {@code perTick} lines per app every 50 ms; the forwarder keeps at most
   * {@code maxBacklog} lines per drain in memory.
   */
  Result run(Duration outage, Duration after, int perTick, int maxBacklog) throws Exception {
    String group = "receiver-outage-" + UUID.randomUUID();
    String a1 = "app-a1-" + UUID.randomUUID();
    String a2 = "app-a2-" + UUID.randomUUID();
    String a3 = "app-a3-" + UUID.randomUUID();
    ForwarderConfig config = TestForwarders.config(stack.bootstrapServers(), group, dir)
        .withLimits(new ForwarderConfig.Limits(maxBacklog,
            ForwarderConfig.Limits.defaults().maxWriteBytes()));
    Phases phases = new Phases("receiver outage");
    try (DrainFixtures fixtures = new DrainFixtures(stack.bootstrapServers());
        RsyslogReceiver down = RsyslogReceiver.plain(dir.resolve("down"));
        RsyslogReceiver up = RsyslogReceiver.plain(dir.resolve("up"))) {
      fixtures.startGroupAtEnd(group);
      long committedBefore = fixtures.committed(group);
      String downUrl = "syslog://127.0.0.1:" + down.port();
      String upUrl = "syslog://127.0.0.1:" + up.port();
      Map<String, String> urls = Map.of(a1, downUrl, a2, downUrl, a3, upUrl);
      try (TestForwarders.Running f = new TestForwarders.Running(config);
          NumberedLoad load = new NumberedLoad((app, prefix, from, n) ->
              fixtures.sendNumbered(urls.get(app), app, prefix, from, n),
              orderedPrefixes(a1, a2, a3), perTick)) {
        phases.mark("forwarder started");
        load.start();
        waitFor(() -> DeliveryTally.of("a1", load.sent(), down.messages()).distinct() >= 500
            && DeliveryTally.of("a3", load.sent(), up.messages()).distinct() >= 500);

        phases.mark("load flowing");
        down.stop();
        int a3Before = DeliveryTally.of("a3", Integer.MAX_VALUE, up.messages()).distinct();
        boolean healthy = holds(outage, () -> answersUp(f));
        int a3DuringOutage =
            DeliveryTally.of("a3", Integer.MAX_VALUE, up.messages()).distinct() - a3Before;

        phases.mark("outage over");
        int sentAtRestart = load.sent();
        int seenBefore = down.messages().size();
        long restarted = System.nanoTime();
        down.start();
        Duration firstLine = waitFor(() -> down.messages().size() > seenBefore)
            ? Duration.ofNanos(System.nanoTime() - restarted) : null;
        Duration backlog = waitFor(() -> hasAllBelow("a1", sentAtRestart, down.messages())
            && hasAllBelow("a2", sentAtRestart, down.messages()))
            ? Duration.ofNanos(System.nanoTime() - restarted) : null;
        phases.mark("backlog delivered");
        healthy &= holds(after, () -> answersUp(f));

        int accepted = load.stop();
        fixtures.flush();
        waitFor(() -> DeliveryTally.of("a1", accepted, down.messages()).complete()
            && DeliveryTally.of("a2", accepted, down.messages()).complete()
            && DeliveryTally.of("a3", accepted, up.messages()).complete());
        phases.mark("all delivered");
        long total = 3L * accepted;
        waitFor(() -> fixtures.committed(group) - committedBefore >= total);
        phases.mark("committed");
        List<String> atDown = down.messages();
        List<String> atUp = up.messages();
        boolean noticed = fixtures.notices(a1).stream()
            .map(m -> m.getMessage().toStringUtf8())
            .anyMatch(t -> t.startsWith("drain " + downUrl + " unreachable since "));
        phases.mark("notices read");
        return new Result(outage, load.linesPerSecond(), accepted, fixtures.failedSends(),
            DeliveryTally.of("a1", accepted, atDown), DeliveryTally.of("a2", accepted, atDown),
            DeliveryTally.of("a3", accepted, atUp), a3DuringOutage, firstLine, backlog,
            f.counter("kloggregator.drain.resent"), f.counter("kloggregator.drain.catchups"),
            noticed, total - (fixtures.committed(group) - committedBefore), healthy);
      }
    }
  }

  private static Map<String, String> orderedPrefixes(String a1, String a2, String a3) {
    Map<String, String> prefixes = new java.util.LinkedHashMap<>();
    prefixes.put(a1, "a1");
    prefixes.put(a2, "a2");
    prefixes.put(a3, "a3");
    return prefixes;
  }

  private static boolean hasAllBelow(String prefix, int count, List<String> messages) {
    DeliveryTally t = DeliveryTally.of(prefix, Integer.MAX_VALUE, messages);
    return t.first() == 0 && t.gaps() == 0 && t.last() >= count - 1;
  }

  private static boolean answersUp(TestForwarders.Running f) {
    try {
      return f.get("/health").statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Lets {@code period} pass while checking {@code condition} every 500 ms; false when it failed
   * at least once.
   */
  static boolean holds(Duration period, BooleanSupplier condition) {
    long end = System.nanoTime() + period.toNanos();
    boolean[] held = {true};
    await().atMost(period.plusSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
      held[0] &= condition.getAsBoolean();
      return System.nanoTime() - end >= 0;
    });
    return held[0];
  }

  /** Polls until {@code condition} holds; false when {@link #LIMIT} ran out. */
  static boolean waitFor(BooleanSupplier condition) {
    try {
      await().atMost(LIMIT).pollInterval(Duration.ofMillis(200))
          .until(condition::getAsBoolean);
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }
}
