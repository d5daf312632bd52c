package io.kloggregator.router;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The history store: every line of an app for the retention period, by record time, so that any
 * time range of one app is one range scan however many other apps share its partition. A
 * persistent window store keyed by app id, one entry per line (duplicates kept: many lines share
 * a millisecond), value the serialized {@code StoredLine}; whole segments expire with stream
 * time, and its changelog restores it on another instance. {@link RecentLinesProcessor} writes
 * it, {@link HistoryReader} reads it.
 */
final class HistoryStore {

  static final String NAME = "line-history";
  /** Every entry is one instant: a window of 1 ms starting at the record time. */
  private static final Duration WINDOW = Duration.ofMillis(1);

  private HistoryStore() {
  }

  static StoreBuilder<WindowStore<String, byte[]>> builder(long retentionMillis) {
    return Stores.windowStoreBuilder(Stores.persistentWindowStore(NAME,
        Duration.ofMillis(retentionMillis), WINDOW, true), Serdes.String(), Serdes.ByteArray());
  }
}
