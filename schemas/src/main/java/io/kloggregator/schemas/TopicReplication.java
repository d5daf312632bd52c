package io.kloggregator.schemas;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How kloggregator's topics are replicated: {@code replicationFactor} copies of each partition,
 * of which {@code minInsyncReplicas} must have a write before an {@code acks=all} producer (the
 * bridge, the router) is told it is stored. One broker (the local run, most tests) is 1/1; a
 * cluster that survives one lost broker without losing an acknowledged line is 3/2
 * (schemas/README.md, "Replication"). Immutable.
 *
 * <p>Needs kafka-clients on the class path, as {@link LogPartitions} does.
 */
public record TopicReplication(int replicationFactor, int minInsyncReplicas) {

  /** One broker: the local run and the single-node tests. */
  public static final TopicReplication SINGLE_BROKER = new TopicReplication(1, 1);

  /** Three brokers, one of which may be lost (killed, restarted, its disk replaced). */
  public static final TopicReplication THREE_BROKERS = new TopicReplication(3, 2);

  public TopicReplication {
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replicationFactor must be >= 1, was "
          + replicationFactor);
    }
    if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException("minInsyncReplicas must be 1..replicationFactor ("
          + replicationFactor + "), was " + minInsyncReplicas);
    }
  }

  /**
   * The topics of schemas/README.md's record contract: the log and drain topics with
   * {@code logPartitions} each, the compacted bindings topic with one.
   */
  public List<NewTopic> contractTopics(int logPartitions) {
    if (logPartitions < 1) {
      throw new IllegalArgumentException("logPartitions must be >= 1, was " + logPartitions);
    }
    short factor = (short) replicationFactor;
    String minInsync = Integer.toString(minInsyncReplicas);
    return List.of(
        new NewTopic(Topics.LOGS, logPartitions, factor)
            .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync)),
        new NewTopic(Topics.DRAINS, logPartitions, factor)
            .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync)),
        new NewTopic(Topics.BINDINGS, 1, factor).configs(Map.of(
            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync,
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
  }
}
