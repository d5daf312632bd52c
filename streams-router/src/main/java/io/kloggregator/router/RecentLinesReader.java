package io.kloggregator.router;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.schemas.proto.StoredLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the newest n lines of an app from the recent-lines store by one reverse range scan and
 * answers them oldest first. Stateless; safe from any thread that may read the store.
 */
final class RecentLinesReader {

  private RecentLinesReader() {
  }

  static RecentLines read(ReadOnlyKeyValueStore<Bytes, byte[]> store, String appId, int n,
      int partition) {
    byte[] app = appId.getBytes(StandardCharsets.UTF_8);
    Deque<StoredLine> newestFirst = new ArrayDeque<>(Math.min(n, 1024));
    try (KeyValueIterator<Bytes, byte[]> it =
        store.reverseRange(LineKeys.first(app), LineKeys.last(app))) {
      while (it.hasNext() && newestFirst.size() < n) {
        newestFirst.addFirst(parse(it.next().value));
      }
    }
    RecentLines.Builder out = RecentLines.newBuilder().setAppId(appId).setPartition(partition)
        .addAllLines(newestFirst);
    out.setNextOffset(newestFirst.isEmpty() ? -1L : newestFirst.getLast().getOffset() + 1);
    return out.build();
  }

  private static StoredLine parse(byte[] value) {
    try {
      return StoredLine.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("recent-lines store holds a value that is not a StoredLine",
          e);
    }
  }
}
