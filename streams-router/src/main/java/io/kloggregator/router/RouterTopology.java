package io.kloggregator.router;

import io.kloggregator.schemas.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams router's topology, a pure function of its config: no I/O, no clock. The log topic
 * feeds {@link RecentLinesProcessor}, which keeps the last N lines per app in the persistent
 * {@link #LINES_STORE} (with its per-app {@link #INDEX_STORE}), both backed by changelogs.
 */
final class RouterTopology {

  /** Recent lines: key {@link LineKeys}, value serialized {@code StoredLine}. */
  static final String LINES_STORE = "recent-lines";
  /** Per app: {@link AppIndex}. Key = app id UTF-8. */
  static final String INDEX_STORE = "recent-lines-index";

  static final String LOG_SOURCE = "log-source";
  static final String RECENT_LINES = "recent-lines-processor";

  private RouterTopology() {
  }

  static Topology build(RouterTopologyConfig config) {
    Topology topology = new Topology();
    topology.addSource(LOG_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
        Topics.LOGS);
    topology.addProcessor(RECENT_LINES,
        () -> new RecentLinesProcessor(config.retainedLines(), config.events()), LOG_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(LINES_STORE), Serdes.Bytes(), Serdes.ByteArray()),
        RECENT_LINES);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray()),
        RECENT_LINES);
    return topology;
  }
}
