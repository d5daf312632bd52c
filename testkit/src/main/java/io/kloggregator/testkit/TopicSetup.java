package io.kloggregator.testkit;

import io.kloggregator.schemas.TopicReplication;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates kloggregator's contract topics (schemas/README.md) on a running broker or cluster, as
 * deploy/compose.yml's {@code kafka-init} does: a topic that exists already is left as it is.
 * Returns once the metadata lists every topic. Used by {@link LocalStack} and {@link KafkaCluster}.
 */
public final class TopicSetup {

  private static final Duration LISTED_LIMIT = Duration.ofSeconds(30);

  private TopicSetup() {
  }

  /** The log and drain topics with {@code logPartitions}, the bindings topic with one. */
  public static void create(String bootstrapServers, int logPartitions,
      TopicReplication replication) {
    List<NewTopic> topics = replication.contractTopics(logPartitions);
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (NewTopic topic : topics) {
        try {
          admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
          }
        }
      }
      // The controller has accepted them; wait until the brokers' metadata lists them too.
      Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toSet());
      Deadline.await("topics " + names, LISTED_LIMIT,
          () -> listed(admin).containsAll(names), () -> { });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topics", e);
    }
  }

  private static Set<String> listed(Admin admin) {
    try {
      return admin.listTopics().names().get();
    } catch (ExecutionException e) {
      return Set.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted listing topics", e);
    }
  }
}
