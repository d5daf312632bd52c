package io.kloggregator.router;

import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.schemas.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First step for every log record: checks that the record is in the partition its key belongs
 * to ({@link LogPartitions}). A well-placed record goes on to {@link LogParser} unchanged. A
 * misplaced one (a foreign producer with another partitioner) is reported and sent to the
 * {@link RouterTopology#RELOCATE_SINK}, which writes a copy to the key's partition with the
 * header {@link Topics#HEADER_RELOCATED_FROM}; that copy is stored, routed and tailed like any
 * line, and the misplaced original is not. Runs on one stream thread per task.
 */
final class PlacementCheck implements Processor<String, byte[], String, byte[]> {

  private final LogPartitions partitions;
  private final RouterEvents events;
  private ProcessorContext<String, byte[]> context;

  PlacementCheck(LogPartitions partitions, RouterEvents events) {
    this.partitions = partitions;
    this.events = events;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata where = context.recordMetadata().orElseThrow();
    if (!partitions.isMisplaced(record.key(), where.partition(), record.headers())) {
      context.forward(record, RouterTopology.LOG_PARSER);
      return;
    }
    int belongs = partitions.partitionOf(record.key());
    events.recordMisplaced(where.topic(), where.partition(), belongs);
    Record<String, byte[]> copy = record.withHeaders(new RecordHeaders(record.headers().toArray()));
    copy.headers().add(Topics.HEADER_RELOCATED_FROM,
        (where.partition() + ":" + where.offset()).getBytes(StandardCharsets.UTF_8));
    context.forward(copy, RouterTopology.RELOCATE_SINK);
  }
}
