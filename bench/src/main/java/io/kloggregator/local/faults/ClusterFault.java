package io.kloggregator.local.faults;

import io.kloggregator.schemas.Topics;
import io.kloggregator.testkit.KafkaCluster;
import java.time.Duration;

/**
 * The broker faults of issue 18 on a three-broker {@link KafkaCluster} (topics 3 / 2): how each
 * is caused and repaired. {@link #apply} returns once the cluster is whole again (every replica of
 * the log and drain topics back in sync), so a run measures the whole degraded period.
 */
enum ClusterFault {

  LEADER_KILLED("the leader of the busiest log partition killed (-9), down for the outage, "
      + "restarted on its data") {
    @Override
    void apply(KafkaCluster cluster, int busiestPartition, Duration outage) {
      int leader = cluster.leaderOf(Topics.LOGS, busiestPartition);
      cluster.node(leader).kill();
      hold(outage);
      cluster.node(leader).startBroker();
      awaitInSync(cluster);
    }
  },

  ROLLING_RESTART("rolling restart of all three brokers (SIGTERM, start, replicas in sync, next)") {
    @Override
    void apply(KafkaCluster cluster, int busiestPartition, Duration outage) {
      for (int i = 0; i < cluster.size(); i++) {
        cluster.node(i).stop();
        cluster.node(i).startBroker();
        awaitInSync(cluster);
      }
    }
  },

  DISK_LOST("the busiest partition's leader killed (-9), its data dir deleted and formatted "
      + "again; it rejoins and copies its replicas back") {
    @Override
    void apply(KafkaCluster cluster, int busiestPartition, Duration outage) {
      int leader = cluster.leaderOf(Topics.LOGS, busiestPartition);
      cluster.node(leader).kill();
      hold(outage);
      cluster.node(leader).wipeAndStart();
      awaitInSync(cluster);
    }
  };

  private static final Duration IN_SYNC_LIMIT = Duration.ofSeconds(120);

  private final String description;

  ClusterFault(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  /** Causes the fault and repairs it; returns when every replica is in sync again. */
  abstract void apply(KafkaCluster cluster, int busiestPartition, Duration outage);

  private static void awaitInSync(KafkaCluster cluster) {
    cluster.awaitFullyReplicated(IN_SYNC_LIMIT, Topics.LOGS, Topics.DRAINS);
  }

  private static void hold(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the outage", e);
    }
  }
}
