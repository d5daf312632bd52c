package io.kloggregator.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicReplicationTest {

  @Test
  void contractTopicsCarryTheFactorAndTheMinimumInSync() {
    List<NewTopic> topics = TopicReplication.THREE_BROKERS.contractTopics(4);

    assertThat(topics).extracting(NewTopic::name)
        .containsExactly(Topics.LOGS, Topics.DRAINS, Topics.BINDINGS);
    assertThat(topics).extracting(NewTopic::replicationFactor)
        .containsOnly((short) 3);
    assertThat(topics).extracting(NewTopic::numPartitions).containsExactly(4, 4, 1);
    assertThat(topics).allSatisfy(t ->
        assertThat(t.configs()).containsEntry("min.insync.replicas", "2"));
    assertThat(topics.get(2).configs()).containsEntry("cleanup.policy", "compact");
  }

  @Test
  void refusesAMinimumInSyncAboveTheFactor() {
    assertThatThrownBy(() -> new TopicReplication(1, 2))
        .hasMessage("minInsyncReplicas must be 1..replicationFactor (1), was 2");
    assertThatThrownBy(() -> new TopicReplication(0, 1))
        .hasMessage("replicationFactor must be >= 1, was 0");
  }
}
