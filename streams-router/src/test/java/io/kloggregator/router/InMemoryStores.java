package io.kloggregator.router;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/** In-memory byte stores registered with a {@link MockProcessorContext}, for processor tests. */
final class InMemoryStores {

  private InMemoryStores() {
  }

  static KeyValueStore<Bytes, byte[]> register(MockProcessorContext<?, ?> context, String name) {
    KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  /** An in-memory {@link HistoryStore} (window store keeping duplicates, 7 days). */
  static WindowStore<String, byte[]> registerHistory(MockProcessorContext<?, ?> context) {
    WindowStore<String, byte[]> store = Stores.windowStoreBuilder(Stores.inMemoryWindowStore(
        HistoryStore.NAME, Duration.ofDays(7), Duration.ofMillis(1), true), Serdes.String(),
        Serdes.ByteArray()).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }
}
