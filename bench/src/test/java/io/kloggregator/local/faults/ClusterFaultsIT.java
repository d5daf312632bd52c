package io.kloggregator.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.local.LocalPipeline;
import io.kloggregator.testkit.LocalStack;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 18's broker faults at CI size: the bridge, router, gateway and drain forwarder (one
 * {@link LocalPipeline}) on a three-broker KRaft cluster, topics at replication 3 and
 * {@code min.insync.replicas} 2, apps writing numbered lines through the agent. Each scenario
 * uses fresh apps, bound to a drain (a real rsyslogd), and leaves the cluster whole: no line the
 * apps wrote is missing from Kafka, the tails, the dumps or the drain, and none is out of
 * order. Duplicates and stall times are printed (and written to
 * bench/results/faults-cluster.md by hand), never asserted.
 */
@TestMethodOrder(OrderAnnotation.class)
class ClusterFaultsIT {

  static final int LOG_PARTITIONS = 4;
  static final FaultSizes SIZES = new FaultSizes(4, 1_000, Duration.ofSeconds(3),
      Duration.ofSeconds(2), Duration.ofSeconds(120), Duration.ofSeconds(60));
  static final Duration OUTAGE = Duration.ofSeconds(3);

  private static LocalStack stack;
  private static LocalPipeline pipeline;

  @BeforeAll
  static void startCluster() {
    stack = LocalStack.startCluster(LOG_PARTITIONS, "256m");
    pipeline = LocalPipeline.start(stack, LocalPipeline.Options.forTests());
  }

  @AfterAll
  static void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void noWrittenLineIsLostWhenTheBusiestPartitionsLeaderIsKilled() {
    assertNothingLostOrReordered(run(ClusterFault.LEADER_KILLED));
  }

  @Test
  @Order(2)
  void noWrittenLineIsLostInARollingRestartOfAllThreeBrokers() {
    assertNothingLostOrReordered(run(ClusterFault.ROLLING_RESTART));
  }

  @Test
  @Order(3)
  void noWrittenLineIsLostWhenABrokerLosesItsDiskAndRejoins() {
    assertNothingLostOrReordered(run(ClusterFault.DISK_LOST));
  }

  private static ClusterScenarioResult run(ClusterFault fault) {
    ClusterScenarioResult result = new ClusterFaultRun(pipeline, stack.cluster(),
        stack.etcdEndpoint(), stack.dir(), fault, SIZES, OUTAGE).run(LOG_PARTITIONS);
    System.out.println(ClusterScenarioResult.TABLE_HEADER);
    System.out.println(result);
    return result;
  }

  private static void assertNothingLostOrReordered(ClusterScenarioResult r) {
    assertThat(r.acked()).as("lines in Kafka").isPositive();
    assertThat(r.written() - r.acked()).as("written lines missing from Kafka: " + r).isZero();
    assertThat(r.kafkaOutOfOrder()).as("lines out of order in Kafka: " + r).isZero();
    assertThat(r.tailLost()).as("lines in Kafka never delivered to a tail: " + r).isZero();
    assertThat(r.tailOutOfOrder()).as("lines delivered out of order: " + r).isZero();
    assertThat(r.drain().lost()).as("lines in Kafka never delivered to the drain: " + r)
        .isZero();
    assertThat(r.drain().outOfOrder()).as("lines drained out of order: " + r).isZero();
    assertThat(r.dumpsComplete()).as("dumps equal to Kafka's last lines: " + r)
        .isEqualTo(r.dumpsChecked());
  }
}
