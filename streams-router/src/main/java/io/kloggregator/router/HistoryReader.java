package io.kloggregator.router;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.schemas.proto.StoredLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads the lines of one app whose {@code LogMessage.timestamp} lies in {@code [start, end)} (ns)
 * from the {@link HistoryStore}: at most {@code limit}, the oldest ones ascending or the newest
 * ones descending, ordered by timestamp (then offset), answered in that order. The store is
 * scanned by millisecond (its record time, {@code timestamp / 10^6}); the millisecond in which the
 * limit is reached is read to its end so that its lines are ordered by nanosecond before the cut.
 * A line stored twice (a replay after a crash) is answered once. Stateless; safe from any thread
 * that may read the store.
 */
final class HistoryReader {

  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final Comparator<StoredLine> BY_TIME = Comparator
      .comparingLong((StoredLine line) -> line.getLogMessage().getTimestamp())
      .thenComparingLong(StoredLine::getOffset);

  private HistoryReader() {
  }

  static RecentLines read(ReadOnlyWindowStore<String, byte[]> store, String appId,
      long startNanos, long endNanos, int limit, boolean descending, int partition) {
    List<StoredLine> lines = new ArrayList<>(Math.min(limit, 1024));
    long fromMillis = Math.max(0L, Math.floorDiv(startNanos, NANOS_PER_MILLI));
    long toMillis = Math.floorDiv(endNanos - 1, NANOS_PER_MILLI);
    if (limit > 0 && endNanos > startNanos && toMillis >= fromMillis) {
      Instant from = Instant.ofEpochMilli(fromMillis);
      Instant to = Instant.ofEpochMilli(toMillis);
      try (WindowStoreIterator<byte[]> it = descending ? store.backwardFetch(appId, from, to)
          : store.fetch(appId, from, to)) {
        collect(it, startNanos, endNanos, limit, lines);
      }
    }
    lines.sort(descending ? BY_TIME.reversed() : BY_TIME);
    List<StoredLine> answer = lines.size() > limit ? lines.subList(0, limit) : lines;
    return RecentLines.newBuilder().setAppId(appId).setPartition(partition)
        .addAllLines(answer).setNextOffset(-1L).build();
  }

  private static void collect(WindowStoreIterator<byte[]> it, long startNanos, long endNanos,
      int limit, List<StoredLine> lines) {
    Set<Long> offsets = new HashSet<>();
    long cutMillis = Long.MIN_VALUE;
    while (it.hasNext()) {
      KeyValue<Long, byte[]> entry = it.next();
      if (lines.size() >= limit && entry.key != cutMillis) {
        return;
      }
      StoredLine line = parse(entry.value);
      long nanos = line.getLogMessage().getTimestamp();
      if (nanos < startNanos || nanos >= endNanos || !offsets.add(line.getOffset())) {
        continue;
      }
      lines.add(line);
      if (lines.size() == limit) {
        cutMillis = entry.key;
      }
    }
  }

  private static StoredLine parse(byte[] value) {
    try {
      return StoredLine.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("history store holds a value that is not a StoredLine", e);
    }
  }
}
