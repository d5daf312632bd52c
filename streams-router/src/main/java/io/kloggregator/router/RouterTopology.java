package io.kloggregator.router;

import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.schemas.Topics;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams router's topology, a pure function of its config: no I/O, no clock but record
 * time. Log topic → {@link PlacementCheck} (a misplaced record back to the log topic, into its
 * key's partition, through {@link #RELOCATE_SINK}) → {@link LogParser} →
 * {@link RecentLinesProcessor} (last N lines per app in the persistent {@link #LINES_STORE} and
 * {@link #INDEX_STORE}, every line by time in the {@link HistoryStore}, all with changelogs) and
 * {@link DrainRouter} (one {@code DrainRecord} per binding to the drain topic). The bindings
 * topic fills the global {@link #BINDINGS_STORE} through {@link BindingsUpdater}.
 */
final class RouterTopology {

  /** Recent lines: key {@link LineKeys}, value serialized {@code StoredLine}. */
  static final String LINES_STORE = "recent-lines";
  /**
   * Per app: {@link AppIndex}. Key = app id UTF-8. {@link RecentLinesProcessor} keeps the figures
   * in memory and saves the changed ones here once a second, so an app's many updates between
   * saves reach RocksDB and the changelog once.
   */
  static final String INDEX_STORE = "recent-lines-index";
  /** Global: binding id → drain URL, rebuilt from the compacted bindings topic. */
  static final String BINDINGS_STORE = "drain-bindings";

  static final String LOG_SOURCE = "log-source";
  static final String PLACEMENT_CHECK = "placement-check";
  static final String RELOCATE_SINK = "relocate-sink";
  static final String LOG_PARSER = "log-parser";
  static final String RECENT_LINES = "recent-lines-processor";
  static final String DRAIN_ROUTER = "drain-router";
  static final String DRAIN_SINK = "drain-sink";
  static final String BINDINGS_SOURCE = "bindings-source";
  static final String BINDINGS_UPDATER = "bindings-updater";

  private RouterTopology() {
  }

  static Topology build(RouterTopologyConfig config) {
    Topology topology = new Topology();
    BindingsVersion bindingsVersion = new BindingsVersion();
    topology.addSource(LOG_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
        Topics.LOGS);
    topology.addProcessor(PLACEMENT_CHECK,
        () -> new PlacementCheck(config.logPartitions(), config.events()), LOG_SOURCE);
    topology.addSink(RELOCATE_SINK, Topics.LOGS, new StringSerializer(),
        new ByteArraySerializer(), RouterTopology::keyPartition, PLACEMENT_CHECK);
    topology.addProcessor(LOG_PARSER, () -> new LogParser(config.events()), PLACEMENT_CHECK);
    topology.addProcessor(RECENT_LINES,
        () -> new RecentLinesProcessor(config.retainedLines(), config.events()), LOG_PARSER);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(LINES_STORE), Serdes.Bytes(), Serdes.ByteArray()),
        RECENT_LINES);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray()),
        RECENT_LINES);
    topology.addStateStore(HistoryStore.builder(config.historyRetentionMillis()), RECENT_LINES);
    topology.addProcessor(DRAIN_ROUTER,
        () -> new DrainRouter(config.drainsSinceMillis(), config.events(), bindingsVersion),
        LOG_PARSER);
    topology.addSink(DRAIN_SINK, Topics.DRAINS, new StringSerializer(), new ByteArraySerializer(),
        DRAIN_ROUTER);
    topology.addGlobalStore(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(BINDINGS_STORE), Serdes.String(), Serdes.String())
        .withLoggingDisabled(), BINDINGS_SOURCE, new StringDeserializer(),
        new StringDeserializer(), Topics.BINDINGS, BINDINGS_UPDATER,
        () -> new BindingsUpdater(config.events(), bindingsVersion));
    return topology;
  }

  /** The relocated copy's partition: its key's, counted over the topic as it is now. */
  private static Optional<Set<Integer>> keyPartition(String topic, String key, byte[] value,
      int partitionCount) {
    return Optional.of(Set.of(new LogPartitions(partitionCount).partitionOf(key)));
  }
}
