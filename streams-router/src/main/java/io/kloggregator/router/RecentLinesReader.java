package io.kloggregator.router;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.LogFilter;
import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.schemas.proto.StoredLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the newest n lines of an app from the recent-lines store by one reverse range scan and
 * answers them oldest first. With a {@link LogFilter} the scan goes on, newest first, until n
 * lines match (or the app's lines end), so older matching lines are found behind newer ones that
 * do not match. {@code next_offset} is always the app's newest line + 1: every line after the
 * answer was read and did not match. Stateless; safe from any thread that may read the store.
 */
final class RecentLinesReader {

  private static final int APP_ID_FIELD = RecentLines.APP_ID_FIELD_NUMBER;
  private static final int LINES_FIELD = RecentLines.LINES_FIELD_NUMBER;
  private static final int PARTITION_FIELD = RecentLines.PARTITION_FIELD_NUMBER;
  private static final int NEXT_OFFSET_FIELD = RecentLines.NEXT_OFFSET_FIELD_NUMBER;

  private RecentLinesReader() {
  }

  static RecentLines read(ReadOnlyKeyValueStore<Bytes, byte[]> store, String appId, int n,
      int partition) {
    return read(store, appId, n, partition, LogFilter.ALL);
  }

  /** The newest {@code n} lines of the app that {@code filter} matches, oldest first. */
  static RecentLines read(ReadOnlyKeyValueStore<Bytes, byte[]> store, String appId, int n,
      int partition, LogFilter filter) {
    byte[] app = appId.getBytes(StandardCharsets.UTF_8);
    Deque<StoredLine> newestFirst = new ArrayDeque<>(Math.min(n, 1024));
    long nextOffset = -1L;
    try (KeyValueIterator<Bytes, byte[]> it =
        store.reverseRange(LineKeys.first(app), LineKeys.last(app))) {
      while (it.hasNext() && newestFirst.size() < n) {
        StoredLine line = parse(it.next().value);
        if (nextOffset < 0) {
          nextOffset = line.getOffset() + 1;
        }
        if (filter.matches(line.getLogMessage())) {
          newestFirst.addFirst(line);
        }
      }
    }
    return RecentLines.newBuilder().setAppId(appId).setPartition(partition)
        .addAllLines(newestFirst).setNextOffset(nextOffset).build();
  }

  /**
   * The same answer as {@link #read}, already serialized: the stored {@code StoredLine} bytes are
   * copied into the {@code RecentLines} encoding as they are, without parsing a line or encoding
   * it again (the store holds only what {@link RecentLinesProcessor} wrote).
   */
  static byte[] encoded(ReadOnlyKeyValueStore<Bytes, byte[]> store, String appId, int n,
      int partition) {
    return encoded(store, appId, n, partition, LogFilter.ALL);
  }

  /**
   * {@link #read} with {@code filter}, serialized; only a filtered read parses the lines it
   * walks (to test them), an unfiltered one copies their bytes.
   */
  static byte[] encoded(ReadOnlyKeyValueStore<Bytes, byte[]> store, String appId, int n,
      int partition, LogFilter filter) {
    byte[] app = appId.getBytes(StandardCharsets.UTF_8);
    List<byte[]> newestFirst = new ArrayList<>(Math.min(n, 1024));
    long nextOffset = -1L;
    try (KeyValueIterator<Bytes, byte[]> it =
        store.reverseRange(LineKeys.first(app), LineKeys.last(app))) {
      while (it.hasNext() && newestFirst.size() < n) {
        KeyValue<Bytes, byte[]> line = it.next();
        if (nextOffset < 0) {
          nextOffset = LineKeys.offsetOf(line.key) + 1;
        }
        if (filter.isAll() || filter.matches(parse(line.value).getLogMessage())) {
          newestFirst.add(line.value);
        }
      }
    }
    int size = appId.isEmpty() ? 0 : CodedOutputStream.computeStringSize(APP_ID_FIELD, appId);
    for (byte[] line : newestFirst) {
      size += CodedOutputStream.computeByteArraySize(LINES_FIELD, line);
    }
    size += partition == 0 ? 0 : CodedOutputStream.computeInt32Size(PARTITION_FIELD, partition);
    size += nextOffset == 0 ? 0 : CodedOutputStream.computeInt64Size(NEXT_OFFSET_FIELD, nextOffset);
    byte[] out = new byte[size];
    CodedOutputStream writer = CodedOutputStream.newInstance(out);
    try {
      if (!appId.isEmpty()) {
        writer.writeString(APP_ID_FIELD, appId);
      }
      for (int i = newestFirst.size() - 1; i >= 0; i--) {
        writer.writeByteArray(LINES_FIELD, newestFirst.get(i));
      }
      if (partition != 0) {
        writer.writeInt32(PARTITION_FIELD, partition);
      }
      if (nextOffset != 0) {
        writer.writeInt64(NEXT_OFFSET_FIELD, nextOffset);
      }
      writer.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("RecentLines sized wrongly", e);
    }
    return out;
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
