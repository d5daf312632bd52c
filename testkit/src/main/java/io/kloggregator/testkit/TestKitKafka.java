package io.kloggregator.testkit;

import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A single combined KRaft node in this JVM, from Kafka's own test kit. */
public final class TestKitKafka implements KafkaNode {

  private final KafkaClusterTestKit cluster;

  private TestKitKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Formats, starts and waits for the node; its data lives under {@code baseDir}. */
  public static TestKitKafka start(Path baseDir) {
    try {
      KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
          .setCombined(true)
          .setNumBrokerNodes(1)
          .setNumControllerNodes(1)
          .setBaseDirectory(baseDir)
          .build())
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .setConfigProp("group.min.session.timeout.ms", "1000")
          .setConfigProp("auto.create.topics.enable", "false")
          .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new TestKitKafka(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka did not start: " + e.getMessage(), e);
    }
  }

  @Override
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka did not stop cleanly", e);
    }
  }
}
