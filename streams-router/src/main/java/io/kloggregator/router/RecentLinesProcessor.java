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
 * and the app is recounted (an old one is trimmed again at once), so replays never duplicate. Runs on one
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
    byte[] value = StoredLine.newBuilder().setLogMessage(message).setPartition(partition)
        .setOffset(offset).build().toByteArray();
    Bytes key = LineKeys.line(app, offset);
    boolean replayed = offset <= meta.newest() || lines.get(key) != null;
    lines.put(key, value);
    events.lineStored();
    if (!replayed) {
      AppIndex grown = new AppIndex(meta.count() + 1, Math.min(meta.oldest(), offset), offset);
      index.put(appKey, trim(app, grown).encode());
    } else {
      index.put(appKey, recount(app).encode());
    }
  }

  /**
   * The slow path for a record already stored or at/before the newest indexed offset, which only
   * a replay after a crash produces: the index may lag or lead the lines by the uncommitted tail
   * (their changelogs are flushed together only at commit), so count the
   * app's lines afresh, delete all but the newest N, and rebuild the index from what is left.
   */
  private AppIndex recount(byte[] app) {
    List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it =
        lines.range(LineKeys.first(app), LineKeys.last(app))) {
      while (it.hasNext()) {
        keys.add(it.next().key);
      }
    }
    int excess = Math.max(0, keys.size() - retainedLines);
    for (Bytes key : keys.subList(0, excess)) {
      lines.delete(key);
    }
    List<Bytes> kept = keys.subList(excess, keys.size());
    return kept.isEmpty() ? AppIndex.EMPTY : new AppIndex(kept.size(),
        LineKeys.offsetOf(kept.get(0)), LineKeys.offsetOf(kept.get(kept.size() - 1)));
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
