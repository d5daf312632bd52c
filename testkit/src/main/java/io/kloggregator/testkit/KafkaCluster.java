package io.kloggregator.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of {@code size} nodes on loopback, each a combined broker + controller in its
 * own JVM ({@link ProcessKafka}) with a static quorum of all of them as voters, so a test can
 * kill one with SIGKILL, restart it, or replace its disk, and the rest keep a majority. Brokers
 * default to the production replication (3 / 2 for three nodes: offsets and transaction topics
 * too). Node index {@code i} has node id {@code i + 1}. Not thread-safe.
 */
public final class KafkaCluster implements KafkaNode {

  private static final Duration READY_LIMIT = Duration.ofSeconds(120);

  private final Path dir;
  private final List<ProcessKafka> nodes;
  /** One client for the cluster's life: it finds the live nodes itself. */
  private final Admin admin;

  private KafkaCluster(Path dir, List<ProcessKafka> nodes) {
    this.dir = dir;
    this.nodes = List.copyOf(nodes);
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers(), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
  }

  /** Formats and starts {@code size} nodes under {@code dir}; returns when all are brokers. */
  public static KafkaCluster start(Path dir, int size, String heap) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, was " + size);
    }
    int[] brokerPorts = IntStream.range(0, size).map(i -> FreePorts.pick()).toArray();
    int[] controllerPorts = IntStream.range(0, size).map(i -> FreePorts.pick()).toArray();
    String voters = IntStream.range(0, size)
        .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts[i])
        .collect(Collectors.joining(","));
    Map<String, String> replication = replicationOverrides(size);
    String clusterId = Uuid.randomUuid().toString();
    List<ProcessKafka> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        nodes.add(ProcessKafka.clusterNode(dir.resolve("node-" + (i + 1)), i + 1, brokerPorts[i],
            controllerPorts[i], voters, clusterId, replication, heap));
      }
      nodes.forEach(ProcessKafka::launch);
      nodes.forEach(ProcessKafka::awaitReady);
      KafkaCluster started = new KafkaCluster(dir, nodes);
      try {
        started.awaitBrokers(size);
      } catch (RuntimeException e) {
        started.admin.close();
        throw e;
      }
      return started;
    } catch (RuntimeException | Error e) {
      nodes.forEach(ProcessKafka::kill);
      TempDirs.deleteRecursively(dir);
      throw e;
    }
  }

  private static Map<String, String> replicationOverrides(int size) {
    String factor = Integer.toString(Math.min(3, size));
    String minIsr = Integer.toString(Math.max(1, Math.min(3, size) - 1));
    return Map.of(
        "default.replication.factor", factor,
        "min.insync.replicas", minIsr,
        "offsets.topic.replication.factor", factor,
        "transaction.state.log.replication.factor", factor,
        "transaction.state.log.min.isr", minIsr,
        "share.coordinator.state.topic.replication.factor", factor,
        "share.coordinator.state.topic.min.isr", minIsr,
        // A killed broker's replicas leave the ISR after this; the default is 30 s.
        "replica.lag.time.max.ms", "10000");
  }

  /** Every node's PLAINTEXT listener, comma-separated. */
  @Override
  public String bootstrapServers() {
    return nodes.stream().map(ProcessKafka::bootstrapServers).collect(Collectors.joining(","));
  }

  public int size() {
    return nodes.size();
  }

  /** Node {@code index} (node id {@code index + 1}). */
  public ProcessKafka node(int index) {
    return nodes.get(index);
  }

  /** Index of the node leading {@code topic}'s {@code partition}, or -1 while none does. */
  public int leaderOf(String topic, int partition) {
    TopicPartitionInfo info = describe(topic).partitions().get(partition);
    return info.leader() == null ? -1 : info.leader().id() - 1;
  }

  /** Waits until every partition of {@code topics} has all its replicas in sync again. */
  public void awaitFullyReplicated(Duration limit, String... topics) {
    Deadline.await("every replica of " + String.join(", ", topics) + " in sync", limit,
        () -> List.of(topics).stream().allMatch(this::isFullyReplicated), () -> { });
  }

  private boolean isFullyReplicated(String topic) {
    try {
      return describe(topic).partitions().stream()
          .allMatch(p -> p.leader() != null && p.isr().size() == p.replicas().size());
    } catch (IllegalStateException notNow) {
      return false;
    }
  }

  private void awaitBrokers(int count) {
    Deadline.await(count + " Kafka brokers registered", READY_LIMIT, () -> {
      try {
        return admin.describeCluster().nodes().get().size() == count;
      } catch (ExecutionException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for brokers", e);
      }
    }, () -> { });
  }

  private TopicDescription describe(String topic) {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot describe " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted describing " + topic, e);
    }
  }

  /** Stops every node, then deletes the cluster's directory. */
  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    nodes.forEach(ProcessKafka::stop);
    TempDirs.deleteRecursively(dir);
  }
}
