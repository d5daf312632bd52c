package io.kloggregator.router;

import io.kloggregator.schemas.proto.DrainRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Joins each log line with its app's bindings and forwards one {@code DrainRecord} per binding,
 * keyed by binding id so that one drain's lines stay in one partition, in order. An app's
 * bindings are read from the global bindings store by prefix scan once and then remembered
 * (most apps have none) until the {@link BindingsVersion} says the store changed. Lines with a
 * record time before {@code drainsSinceMillis} are not routed (used when replaying the log topic
 * only to rebuild the store).
 */
final class DrainRouter implements Processor<String, ParsedLogMessage, String, byte[]> {

  /** Apps whose bindings are remembered per task; past this the map starts over. */
  static final int MAX_APPS_REMEMBERED = 50_000;

  private final long drainsSinceMillis;
  private final RouterEvents events;
  private final BindingsVersion version;
  private final StringSerializer prefixSerializer = new StringSerializer();
  private final Map<String, List<KeyValue<String, String>>> bindingsByApp = new HashMap<>();
  private long seenVersion = -1;
  private ProcessorContext<String, byte[]> context;
  private ReadOnlyKeyValueStore<String, String> bindings;

  DrainRouter(long drainsSinceMillis, RouterEvents events, BindingsVersion version) {
    this.drainsSinceMillis = drainsSinceMillis;
    this.events = events;
    this.version = version;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.bindings = context.getStateStore(RouterTopology.BINDINGS_STORE);
  }

  @Override
  public void process(Record<String, ParsedLogMessage> record) {
    if (record.timestamp() < drainsSinceMillis) {
      return;
    }
    List<KeyValue<String, String>> drains = bindingsOf(record.key());
    if (drains.isEmpty()) {
      return;
    }
    RecordMetadata where = context.recordMetadata().orElseThrow();
    for (KeyValue<String, String> binding : drains) {
      DrainRecord drain = DrainRecord.newBuilder().setAppId(record.key())
          .setBindingId(binding.key).setDrainUrl(binding.value)
          .setLogMessage(record.value().message()).setSourcePartition(where.partition())
          .setSourceOffset(where.offset()).build();
      context.forward(record.withKey(binding.key).withValue(drain.toByteArray()));
      events.drainRecordWritten();
    }
  }

  private List<KeyValue<String, String>> bindingsOf(String appId) {
    long now = version.current();
    if (now != seenVersion || bindingsByApp.size() >= MAX_APPS_REMEMBERED) {
      bindingsByApp.clear();
      seenVersion = now;
    }
    List<KeyValue<String, String>> found = bindingsByApp.get(appId);
    if (found == null) {
      found = scan(appId);
      bindingsByApp.put(appId, found);
    }
    return found;
  }

  private List<KeyValue<String, String>> scan(String appId) {
    List<KeyValue<String, String>> found = new ArrayList<>(0);
    try (KeyValueIterator<String, String> it =
        bindings.prefixScan(appId + "/", prefixSerializer)) {
      while (it.hasNext()) {
        found.add(it.next());
      }
    }
    return found.isEmpty() ? List.of() : List.copyOf(found);
  }
}
