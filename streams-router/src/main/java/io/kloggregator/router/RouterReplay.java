package io.kloggregator.router;

import io.kloggregator.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replay tooling, the router's equivalent of {@code kafka-streams-application-reset}: with every
 * router instance of the application stopped, it rewinds the application's committed offsets on
 * the log topic (to the start, or to a time) and, to rebuild the store from the log topic, also
 * deletes the store changelogs and this host's local state. Run from
 * {@code StreamsRouterMain replay ...}; see the module README.
 */
final class RouterReplay {

  private static final Logger LOG = LoggerFactory.getLogger(RouterReplay.class);
  private static final Duration LIMIT = Duration.ofSeconds(60);

  private final RouterConfig config;

  RouterReplay(RouterConfig config) {
    this.config = config;
  }

  static final String USAGE = "usage: StreamsRouterMain [replay rebuild-store | replay from "
      + "<ISO-8601 instant>] (every router instance of the application must be stopped)";

  /** Runs {@code replay rebuild-store} or {@code replay from <instant>}. */
  void run(List<String> args) {
    if (args.size() == 2 && args.get(0).equals("replay") && args.get(1).equals("rebuild-store")) {
      rebuildStore();
    } else if (args.size() == 3 && args.get(0).equals("replay") && args.get(1).equals("from")) {
      Instant from;
      try {
        from = Instant.parse(args.get(2));
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("not an ISO-8601 instant: " + args.get(2) + "; "
            + USAGE, e);
      }
      replayFrom(from);
    } else {
      throw new IllegalArgumentException(USAGE);
    }
  }

  /** The changelog topics Kafka Streams keeps for the router's stores. */
  Set<String> changelogTopics() {
    return Set.of(config.applicationId() + "-" + RouterTopology.LINES_STORE + "-changelog",
        config.applicationId() + "-" + RouterTopology.INDEX_STORE + "-changelog");
  }

  /**
   * Rebuilds the recent-lines store from the log topic: deletes this host's local state and the
   * store changelogs, and rewinds the log topic offsets to the earliest. Start the routers with
   * {@code KLOGGREGATOR_ROUTER_DRAINS_SINCE} set to now so that drains are not sent old lines.
   */
  void rebuildStore() {
    try (Admin admin = admin()) {
      requireStopped(admin);
      deleteLocalState();
      deleteChangelogs(admin);
      rewind(admin, OffsetSpec.earliest());
    }
  }

  /** Re-runs drain routing (and idempotent store updates) from the first line at or after time. */
  void replayFrom(Instant from) {
    try (Admin admin = admin()) {
      requireStopped(admin);
      rewind(admin, OffsetSpec.forTimestamp(from.toEpochMilli()));
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        config.bootstrapServers()));
  }

  private void requireStopped(Admin admin) {
    ConsumerGroupDescription group;
    try {
      group = get(admin.describeConsumerGroups(List.of(config.applicationId()))
          .describedGroups().get(config.applicationId()));
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return;
      }
      throw e;
    }
    if (!group.members().isEmpty() || !(group.groupState() == GroupState.EMPTY
        || group.groupState() == GroupState.DEAD)) {
      throw new IllegalStateException("stop every router instance of application "
          + config.applicationId() + " first: group is " + group.groupState() + " with "
          + group.members().size() + " members");
    }
  }

  private void deleteLocalState() {
    Path dir = config.stateDir().resolve(config.applicationId());
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete local state " + dir, e);
    }
    LOG.info("deleted local state {}", dir);
  }

  private void deleteChangelogs(Admin admin) {
    Set<String> existing = get(admin.listTopics().names()).stream()
        .filter(changelogTopics()::contains).collect(Collectors.toSet());
    get(admin.deleteTopics(existing).all());
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (get(admin.listTopics().names()).stream().anyMatch(existing::contains)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("changelogs " + existing + " still exist after " + LIMIT);
      }
      pause();
    }
    LOG.info("deleted changelog topics {}", existing);
  }

  private void rewind(Admin admin, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    int partitions = get(admin.describeTopics(List.of(Topics.LOGS)).allTopicNames())
        .get(Topics.LOGS).partitions().size();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(Topics.LOGS, p), spec);
      latest.put(new TopicPartition(Topics.LOGS, p), OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found =
        get(admin.listOffsets(request).all());
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        get(admin.listOffsets(latest).all());
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    found.forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(
        info.offset() < 0 ? ends.get(tp).offset() : info.offset())));
    get(admin.alterConsumerGroupOffsets(config.applicationId(), offsets).all());
    LOG.info("rewound {} on {} to {}", config.applicationId(), Topics.LOGS, offsets);
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + LIMIT, e);
    }
  }
}
