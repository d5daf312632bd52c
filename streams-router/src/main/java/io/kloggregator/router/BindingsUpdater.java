package io.kloggregator.router;

import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global bindings store equal to the compacted bindings topic: a URL puts, a tombstone
 * deletes. A record with a malformed binding id is dropped; one with a malformed URL removes the
 * binding (a drain must never keep receiving under a URL that was replaced). Each change bumps
 * the {@link BindingsVersion} after it is in the store. Runs on the global stream thread.
 */
final class BindingsUpdater implements Processor<String, String, Void, Void> {

  private final RouterEvents events;
  private final BindingsVersion version;
  private KeyValueStore<String, String> bindings;

  BindingsUpdater(RouterEvents events, BindingsVersion version) {
    this.events = events;
    this.version = version;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    bindings = context.getStateStore(RouterTopology.BINDINGS_STORE);
  }

  @Override
  public void process(Record<String, String> record) {
    Optional<String> badKey = BindingKeys.checkBindingId(record.key());
    if (badKey.isPresent()) {
      events.bindingDropped(badKey.get());
      return;
    }
    if (record.value() == null) {
      bindings.delete(record.key());
    } else {
      Optional<String> badUrl = BindingKeys.checkUrl(record.value());
      if (badUrl.isPresent()) {
        events.bindingDropped(badUrl.get());
        bindings.delete(record.key());
      } else {
        bindings.put(record.key(), record.value().trim());
      }
    }
    version.changed();
  }
}
