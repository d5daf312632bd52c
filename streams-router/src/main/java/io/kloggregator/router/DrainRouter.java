package io.kloggregator.router;

import io.kloggregator.schemas.proto.DrainRecord;
import io.kloggregator.schemas.proto.LogMessage;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Joins each log line with its app's bindings (a prefix scan of the global bindings store) and
 * forwards one {@code DrainRecord} per binding, keyed by binding id so that one drain's lines
 * stay in one partition, in order. Lines with a record time before {@code drainsSinceMillis}
 * are not routed (used when replaying the log topic only to rebuild the store).
 */
final class DrainRouter implements Processor<String, LogMessage, String, byte[]> {

  private final long drainsSinceMillis;
  private final RouterEvents events;
  private final StringSerializer prefixSerializer = new StringSerializer();
  private ProcessorContext<String, byte[]> context;
  private ReadOnlyKeyValueStore<String, String> bindings;

  DrainRouter(long drainsSinceMillis, RouterEvents events) {
    this.drainsSinceMillis = drainsSinceMillis;
    this.events = events;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.bindings = context.getStateStore(RouterTopology.BINDINGS_STORE);
  }

  @Override
  public void process(Record<String, LogMessage> record) {
    if (record.timestamp() < drainsSinceMillis) {
      return;
    }
    RecordMetadata where = context.recordMetadata().orElseThrow();
    try (KeyValueIterator<String, String> it =
        bindings.prefixScan(record.key() + "/", prefixSerializer)) {
      while (it.hasNext()) {
        KeyValue<String, String> binding = it.next();
        DrainRecord drain = DrainRecord.newBuilder().setAppId(record.key())
            .setBindingId(binding.key).setDrainUrl(binding.value)
            .setLogMessage(record.value()).setSourcePartition(where.partition())
            .setSourceOffset(where.offset()).build();
        context.forward(record.withKey(binding.key).withValue(drain.toByteArray()));
        events.drainRecordWritten();
      }
    }
  }
}
