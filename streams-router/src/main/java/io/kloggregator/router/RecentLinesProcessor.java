package io.kloggregator.router;

import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.StoredLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the last N lines of each app: stores every log record under {@code app id + offset} and
 * deletes the oldest line once an app holds more than N. A replayed record overwrites its own key
 * (or is skipped when it is older than every line kept), so replays never duplicate. Runs on one
 * stream thread per task; forwards nothing.
 */
final class RecentLinesProcessor implements Processor<String, LogMessage, Void, Void> {

  private final int retainedLines;
  private final RouterEvents events;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<Bytes, byte[]> lines;
  private KeyValueStore<Bytes, byte[]> index;

  RecentLinesProcessor(int retainedLines, RouterEvents events) {
    this.retainedLines = retainedLines;
    this.events = events;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.lines = context.getStateStore(RouterTopology.LINES_STORE);
    this.index = context.getStateStore(RouterTopology.INDEX_STORE);
  }

  @Override
  public void process(Record<String, LogMessage> record) {
    RecordMetadata where = context.recordMetadata().orElseThrow();
    store(record.key().getBytes(StandardCharsets.UTF_8), record.value(), where.partition(),
        where.offset());
  }

  private void store(byte[] app, LogMessage message, int partition, long offset) {
    Bytes appKey = Bytes.wrap(app);
    AppIndex meta = AppIndex.decode(index.get(appKey));
    Bytes key = LineKeys.line(app, offset);
    byte[] value = StoredLine.newBuilder().setLogMessage(message).setPartition(partition)
        .setOffset(offset).build().toByteArray();
    if (offset <= meta.newest() && lines.get(key) != null) {
      lines.put(key, value);
      events.lineStored();
      return;
    }
    if (meta.count() >= retainedLines && offset < meta.oldest()) {
      events.lineDropped("replay_older_than_kept");
      return;
    }
    lines.put(key, value);
    events.lineStored();
    AppIndex grown = new AppIndex(meta.count() + 1, Math.min(meta.oldest(), offset),
        Math.max(meta.newest(), offset));
    index.put(appKey, trim(app, grown).encode());
  }

  /** Deletes the oldest lines until at most N are left; returns the index after trimming. */
  private AppIndex trim(byte[] app, AppIndex meta) {
    int count = meta.count();
    long oldest = meta.oldest();
    while (count > retainedLines) {
      List<Bytes> firstTwo = new ArrayList<>(2);
      try (KeyValueIterator<Bytes, byte[]> it =
          lines.range(LineKeys.line(app, oldest), LineKeys.last(app))) {
        while (it.hasNext() && firstTwo.size() < 2) {
          KeyValue<Bytes, byte[]> next = it.next();
          firstTwo.add(next.key);
        }
      }
      if (firstTwo.isEmpty()) {
        return AppIndex.EMPTY;
      }
      lines.delete(firstTwo.get(0));
      count--;
      oldest = firstTwo.size() > 1 ? LineKeys.offsetOf(firstTwo.get(1)) : meta.newest();
    }
    return new AppIndex(count, oldest, meta.newest());
  }
}
