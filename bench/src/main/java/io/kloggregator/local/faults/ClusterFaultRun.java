package io.kloggregator.local.faults;

import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.kloggregator.drain.SyslogDrainSink;
import io.kloggregator.local.LocalPipeline;
import io.kloggregator.schemas.BindingLayout;
import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.testkit.FakeWarden;
import io.kloggregator.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs one {@link ClusterFault} on a {@link LocalPipeline} over a three-broker cluster under
 * steady traffic: fresh apps write numbered lines through the warden sockets (agent, UDP,
 * bridge), a {@link KafkaLedger} records what Kafka acknowledged, one {@link ResumingTail} per app
 * what tail clients got, {@link StallClock}s how long each stage stood still, and at the end every
 * dump is compared with the last lines Kafka holds. One run per instance.
 */
final class ClusterFaultRun {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final int DUMP_LINES = 1000;

  private final LocalPipeline pipeline;
  private final KafkaCluster cluster;
  private final String etcdEndpoint;
  private final Path workDir;
  private final ClusterFault fault;
  private final FaultSizes sizes;
  private final Duration outage;
  private final List<String> apps;
  private final String token;

  /** Drains go to an rsyslogd below {@code workDir}, bound to every app through etcd. */
  ClusterFaultRun(LocalPipeline pipeline, KafkaCluster cluster, String etcdEndpoint,
      Path workDir, ClusterFault fault, FaultSizes sizes, Duration outage) {
    this.pipeline = pipeline;
    this.cluster = cluster;
    this.etcdEndpoint = etcdEndpoint;
    this.workDir = workDir;
    this.fault = fault;
    this.sizes = sizes;
    this.outage = outage;
    String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    this.apps = IntStream.range(0, sizes.apps())
        .mapToObj(i -> fault.name().toLowerCase(Locale.ROOT) + "-" + run + "-app-" + i).toList();
    this.token = pipeline.token(apps, Duration.ofHours(1));
  }

  ClusterScenarioResult run(int logPartitions) {
    List<FakeWarden.Instance> instances = apps.stream()
        .map(app -> pipeline.warden().start(app, 0)).toList();
    instances.forEach(i -> i.stdout().awaitReader(PATIENCE));
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3);
    List<ResumingTail> tails = new ArrayList<>();
    DrainLedgers drained = new DrainLedgers(apps);
    try (KafkaLedger kafka = new KafkaLedger(cluster.bootstrapServers(), apps);
        SyslogDrainSink drain = SyslogDrainSink.start(
            workDir.resolve(fault.name().toLowerCase(Locale.ROOT) + "-drain"))) {
      bindDrains(drain.url());
      for (String app : apps) {
        tails.add(ResumingTail.open(app, token, List.of(pipeline.gatewayPort()), 0, scheduler));
      }
      awaitLive(instances, tails, () -> {
        drained.update(drain.messages());
        return drained.everyAppReached();
      });
      return measure(instances, tails, kafka, () -> drained.update(drain.messages()), drained,
          scheduler, logPartitions);
    } finally {
      tails.forEach(ResumingTail::close);
      scheduler.shutdownNow();
      instances.forEach(pipeline.warden()::stop);
    }
  }

  /** Binds every app to {@code url}, as the cloud controller did (the original etcd layout). */
  private void bindDrains(String url) {
    try (Client etcd = Client.builder().endpoints(etcdEndpoint).build()) {
      for (String app : apps) {
        etcd.getKVClient().put(bytes(BindingLayout.etcdKey(app, url)), bytes(url))
            .get(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot bind the drains in etcd", e);
    }
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private ClusterScenarioResult measure(List<FakeWarden.Instance> instances,
      List<ResumingTail> tails, KafkaLedger kafka, Runnable readDrain, DrainLedgers drained,
      ScheduledExecutorService scheduler, int logPartitions) {
    LogPartitions partitions = new LogPartitions(logPartitions);
    int busiest = busiestPartition(partitions);
    String dumped = apps.stream().filter(a -> partitions.partitionOf(a) == busiest).findFirst()
        .orElseThrow();
    StallClock kafkaClock = new StallClock(kafka::records);
    List<StallClock> tailClocks = tails.stream()
        .map(t -> new StallClock(() -> t.ledger().maxSeq())).toList();
    long[] dumpNewest = {0};
    StallClock dumpClock = new StallClock(() -> dumpNewest[0]);
    StallClock drainClock = new StallClock(drained::distinct);
    long faultMillis;
    AppWriters writers = new AppWriters(instances, sizes.linesPerSecond());
    try (writers) {
      writers.start();
      hold(sizes.warmUp());
      var sampling = scheduler.scheduleWithFixedDelay(() -> {
        kafkaClock.sample();
        tailClocks.forEach(StallClock::sample);
      }, 0, 50, TimeUnit.MILLISECONDS);
      var dumping = scheduler.scheduleWithFixedDelay(() -> {
        long[] dump = DumpProbe.fetch(pipeline.gatewayPort(), dumped, token);
        if (dump != null && dump.length > 0) {
          dumpNewest[0] = dump[dump.length - 1];
        }
        dumpClock.sample();
        readDrain.run();
        drainClock.sample();
      }, 0, 250, TimeUnit.MILLISECONDS);
      long began = System.nanoTime();
      fault.apply(cluster, busiest, outage);
      faultMillis = (System.nanoTime() - began) / 1_000_000;
      hold(sizes.afterRecovery());
      sampling.cancel(false);
      dumping.cancel(false);
    }
    settle(tails, kafka, readDrain, drained);
    return result(writers.writtenTotal(), tails, kafka, drained, faultMillis,
        new long[] {kafkaClock.longestMillis(),
            tailClocks.stream().mapToLong(StallClock::longestMillis).max().orElse(0),
            dumpClock.longestMillis(), drainClock.longestMillis()});
  }

  /** The log partition holding most of this run's apps (the first such). */
  private int busiestPartition(LogPartitions partitions) {
    int[] count = new int[partitions.partitionCount()];
    apps.forEach(a -> count[partitions.partitionOf(a)]++);
    int best = 0;
    for (int p = 1; p < count.length; p++) {
      best = count[p] > count[best] ? p : best;
    }
    return best;
  }

  /**
   * Tails start at the partition's end, and a binding takes effect once the router has it: write
   * warm-up lines until every tail has one and {@code drainsLive}.
   */
  private void awaitLive(List<FakeWarden.Instance> instances, List<ResumingTail> tails,
      BooleanSupplier drainsLive) {
    int[] n = {0};
    await("tails live").atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
      n[0]++;
      for (int i = 0; i < instances.size(); i++) {
        if (tails.get(i).otherLines() == 0) {
          instances.get(i).stdout().println(SeqLine.warmUp(apps.get(i), n[0]));
        }
      }
      return tails.stream().allMatch(t -> t.otherLines() > 0) && drainsLive.getAsBoolean();
    });
  }

  /**
   * After the apps stop: Kafka goes quiet, then every tail and the drain have every line Kafka
   * acknowledged (or the settle limit passed: the rest counts as lost).
   */
  private void settle(List<ResumingTail> tails, KafkaLedger kafka, Runnable readDrain,
      DrainLedgers drained) {
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
    awaitQuietly(sizes.settleLimit(), () -> {
      readDrain.run();
      return apps.stream().allMatch(a -> drained.app(a).missingOf(kafka.app(a)) == 0);
    });
  }

  /** {@code stalls}: Kafka, tail, dump, drain, in milliseconds. */
  private ClusterScenarioResult result(long written, List<ResumingTail> tails, KafkaLedger kafka,
      DrainLedgers drained, long faultMillis, long[] stalls) {
    long acked = 0;
    long kafkaDup = 0;
    long kafkaOoo = 0;
    long delivered = 0;
    long lost = 0;
    long tailDup = 0;
    long tailOoo = 0;
    long[] drain = new long[4]; // delivered, lost, duplicated, out of order
    int dumpsComplete = 0;
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
      SeqLedger atDrain = drained.app(apps.get(i));
      drain[0] += atDrain.distinct();
      drain[1] += atDrain.missingOf(inKafka);
      drain[2] += atDrain.duplicates();
      drain[3] += atDrain.outOfOrder();
      dumpsComplete += isDumpComplete(apps.get(i), inKafka) ? 1 : 0;
    }
    return new ClusterScenarioResult(fault, sizes, written, acked, kafkaDup, kafkaOoo, delivered,
        lost, tailDup, tailOoo, new ClusterScenarioResult.Drain(drain[0], drain[1], drain[2],
            drain[3]), apps.size(), dumpsComplete, faultMillis, stalls[0], stalls[1], stalls[2],
        stalls[3]);
  }

  /** The app's dump equals the last lines Kafka holds for it (within 30 s). */
  private boolean isDumpComplete(String app, SeqLedger inKafka) {
    long[] expected = inKafka.last(DUMP_LINES);
    return awaitQuietly(Duration.ofSeconds(30), () ->
        Arrays.equals(DumpProbe.fetch(pipeline.gatewayPort(), app, token), expected));
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
