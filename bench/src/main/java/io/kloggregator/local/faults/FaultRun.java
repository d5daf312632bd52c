package io.kloggregator.local.faults;

import static org.awaitility.Awaitility.await;

import io.kloggregator.gateway.TokenIssuer;
import io.kloggregator.local.multiprocess.MultiProcessStack;
import io.kloggregator.testkit.FakeWarden;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs one {@link Fault} on a running {@link MultiProcessStack} under steady traffic and measures
 * it: fresh apps write numbered lines through the warden sockets, a {@link KafkaLedger} records
 * what Kafka acknowledged, one {@link ResumingTail} per app (spread over both gateways) records
 * what clients got, and dumps are compared with the last lines Kafka holds. Leaves the stack
 * whole (every component repaired). One run per instance.
 */
final class FaultRun {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Duration QUIET = Duration.ofSeconds(2);

  private final MultiProcessStack stack;
  private final Fault fault;
  private final FaultSizes sizes;
  private final List<String> apps;
  private final String token;
  private final List<Integer> gatewayPorts;

  FaultRun(MultiProcessStack stack, Fault fault, FaultSizes sizes) {
    this.stack = stack;
    this.fault = fault;
    this.sizes = sizes;
    String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    this.apps = IntStream.range(0, sizes.apps())
        .mapToObj(i -> fault.name().toLowerCase(Locale.ROOT) + "-" + run + "-app-" + i).toList();
    this.token = new TokenIssuer(MultiProcessStack.JWT_SECRET).issue(apps, false,
        Duration.ofHours(2));
    this.gatewayPorts = IntStream.range(0, stack.gatewayCount()).mapToObj(stack::gatewayPort)
        .toList();
  }

  ScenarioResult run() {
    List<FakeWarden.Instance> instances = apps.stream()
        .map(app -> stack.warden().start(app, 0)).toList();
    instances.forEach(i -> i.stdout().awaitReader(PATIENCE));
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
    List<ResumingTail> tails = new ArrayList<>();
    try (KafkaLedger kafka = new KafkaLedger(stack.bootstrapServers(), apps)) {
      for (int i = 0; i < apps.size(); i++) {
        tails.add(ResumingTail.open(apps.get(i), token, gatewayPorts, i % gatewayPorts.size(),
            scheduler));
      }
      awaitLive(instances, tails);
      return measure(instances, tails, kafka, scheduler);
    } finally {
      tails.forEach(ResumingTail::close);
      scheduler.shutdownNow();
      instances.forEach(stack.warden()::stop);
    }
  }

  private ScenarioResult measure(List<FakeWarden.Instance> instances, List<ResumingTail> tails,
      KafkaLedger kafka, ScheduledExecutorService executor) {
    Duration componentBack;
    CompletableFuture<Duration> tailRecovered;
    CompletableFuture<Duration> dumpRecovered;
    AppWriters writers = new AppWriters(instances, sizes.linesPerSecond());
    ExecutorService dumpProbes = Executors.newFixedThreadPool(apps.size());
    try (writers) {
      writers.start();
      hold(sizes.warmUp());
      long faultAt = System.nanoTime();
      fault.inject(stack);
      long giveUpAt = faultAt + sizes.recoveryLimit().toNanos();
      // Lines written once the fault is in effect (the process is gone): recovery is the first
      // of those delivered.
      long[] writtenAtFault = IntStream.range(0, apps.size()).mapToLong(writers::written)
          .toArray();
      tailRecovered = watch(faultAt, giveUpAt, Duration.ofMillis(20), executor,
          () -> IntStream.range(0, apps.size())
              .allMatch(i -> tails.get(i).ledger().maxSeq() > writtenAtFault[i]));
      // Each app's dump is probed on its own thread: a dump of 1,000 lines took up to 0.5 s
      // here, so eight asked one after another put seconds of probing into the recovery time.
      dumpRecovered = latest(IntStream.range(0, apps.size())
          .mapToObj(i -> watch(faultAt, giveUpAt, Duration.ofMillis(100), dumpProbes,
              () -> isCompleteAfter(kafka, apps.get(i), writtenAtFault[i])))
          .toList());
      fault.repair(stack);
      componentBack = Duration.ofNanos(System.nanoTime() - faultAt);
      awaitQuietly(sizes.recoveryLimit(), () -> tailRecovered.isDone() && dumpRecovered.isDone());
      hold(sizes.afterRecovery());
    } finally {
      dumpProbes.shutdownNow();
    }
    settle(tails, kafka);
    return result(writers.writtenTotal(), tails, kafka, componentBack,
        tailRecovered.getNow(null), dumpRecovered.getNow(null));
  }

  /** Tails start at the partition's end: write warm-up lines until every tail has one. */
  private void awaitLive(List<FakeWarden.Instance> instances, List<ResumingTail> tails) {
    int[] n = {0};
    await("tails live").atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
      n[0]++;
      for (int i = 0; i < instances.size(); i++) {
        if (tails.get(i).otherLines() == 0) {
          instances.get(i).stdout().println(SeqLine.warmUp(apps.get(i), n[0]));
        }
      }
      return tails.stream().allMatch(t -> t.otherLines() > 0);
    });
  }

  /** A dump ending in a line written after the fault that matches Kafka's lines up to it. */
  private boolean isCompleteAfter(KafkaLedger kafka, String app, long seqAtFault) {
    long[] dump = DumpProbe.fetch(gatewayPorts.get(Fault.SAFE_GATEWAY), app, token);
    if (dump == null || dump.length == 0) {
      return false;
    }
    long newest = dump[dump.length - 1];
    return newest > seqAtFault && Arrays.equals(dump,
        kafka.app(app).windowEndingAt(newest, MultiProcessStack.RETAINED_LINES));
  }

  /** After the apps stop: Kafka goes quiet, then every tail has every line Kafka acknowledged. */
  private void settle(List<ResumingTail> tails, KafkaLedger kafka) {
    long[] last = {-1};
    long[] quietSince = {System.nanoTime()};
    awaitQuietly(sizes.settleLimit(), () -> {
      long now = kafka.records();
      if (now != last[0]) {
        last[0] = now;
        quietSince[0] = System.nanoTime();
      }
      return System.nanoTime() - quietSince[0] > QUIET.toNanos();
    });
    awaitQuietly(sizes.settleLimit(), () -> IntStream.range(0, apps.size())
        .allMatch(i -> tails.get(i).ledger().missingOf(kafka.app(apps.get(i))) == 0));
  }

  private ScenarioResult result(long written, List<ResumingTail> tails, KafkaLedger kafka,
      Duration componentBack, Duration tailRecovered, Duration dumpRecovered) {
    long acked = 0;
    long kafkaDup = 0;
    long kafkaOoo = 0;
    long delivered = 0;
    long lost = 0;
    long tailDup = 0;
    long tailOoo = 0;
    long lossFrames = 0;
    int reconnects = 0;
    for (int i = 0; i < apps.size(); i++) {
      SeqLedger inKafka = kafka.app(apps.get(i));
      SeqLedger tail = tails.get(i).ledger();
      acked += inKafka.distinct();
      kafkaDup += inKafka.duplicates();
      kafkaOoo += inKafka.outOfOrder();
      delivered += tail.distinct();
      lost += tail.missingOf(inKafka);
      tailDup += tail.duplicates();
      tailOoo += tail.outOfOrder();
      lossFrames += tails.get(i).lostInLossFrames();
      reconnects += tails.get(i).reconnects();
    }
    DumpCheck dumps = checkDumps(kafka);
    return new ScenarioResult(fault, sizes, written, acked, kafkaDup,
        kafkaOoo, delivered, lost, tailDup, tailOoo, lossFrames, reconnects, dumps.checked,
        dumps.complete, dumps.mismatch, componentBack, tailRecovered, dumpRecovered);
  }

  private record DumpCheck(int checked, int complete, String mismatch) {
  }

  /** Every app's dump through every gateway equals the last lines Kafka holds for it. */
  private DumpCheck checkDumps(KafkaLedger kafka) {
    int checked = 0;
    int complete = 0;
    StringBuilder mismatch = new StringBuilder();
    for (String app : apps) {
      long[] expected = kafka.app(app).last(MultiProcessStack.RETAINED_LINES);
      for (int port : gatewayPorts) {
        checked++;
        long[][] got = {null};
        boolean same = awaitQuietly(Duration.ofSeconds(30), () -> {
          got[0] = DumpProbe.fetch(port, app, token);
          return Arrays.equals(got[0], expected);
        });
        if (same) {
          complete++;
        } else if (mismatch.isEmpty()) {
          mismatch.append(String.format(Locale.ROOT, "%s on :%d: %s lines, expected %d", app,
              port, got[0] == null ? "no dump" : Integer.toString(got[0].length),
              expected.length));
        }
      }
    }
    return new DumpCheck(checked, complete, mismatch.toString());
  }

  /** The last of {@code times} once all are done; null if any is null (gave up). */
  private static CompletableFuture<Duration> latest(List<CompletableFuture<Duration>> times) {
    return CompletableFuture.allOf(times.toArray(CompletableFuture[]::new)).thenApply(all -> {
      List<Duration> done = times.stream().map(CompletableFuture::join).toList();
      return done.contains(null) ? null : Collections.max(done);
    });
  }

  /**
   * Completes with the time from {@code since} at which {@code condition} first held, or null
   * once {@code giveUpAt} (nano time) has passed.
   */
  private static CompletableFuture<Duration> watch(long since, long giveUpAt, Duration poll,
      Executor executor, BooleanSupplier condition) {
    return CompletableFuture.supplyAsync(() -> {
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > giveUpAt) {
          return null;
        }
        try {
          TimeUnit.MILLISECONDS.sleep(poll.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
      return Duration.ofNanos(System.nanoTime() - since);
    }, executor);
  }

  /** Keeps the traffic running for {@code duration}. */
  private static void hold(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    awaitQuietly(duration.plusSeconds(5), () -> System.nanoTime() >= end);
  }

  /** Waits for {@code condition} at most {@code limit}; false when it did not hold in time. */
  private static boolean awaitQuietly(Duration limit, BooleanSupplier condition) {
    try {
      await().atMost(limit).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
      return true;
    } catch (ConditionTimeoutException notInTime) {
      return false;
    }
  }
}
