package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.schemas.proto.StoredLine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the processor with explicit offsets, which TopologyTestDriver cannot do, to show what a
 * replay (reprocessing after a restart from an older commit) does to the store.
 */
class RecentLinesProcessorTest {

  private static final int N = 5;

  private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
  private final AtomicInteger writes = new AtomicInteger();
  private KeyValueStore<Bytes, byte[]> lines;
  private KeyValueStore<Bytes, byte[]> index;
  private WindowStore<String, byte[]> history;
  private RecentLinesProcessor processor;

  @BeforeEach
  void init() {
    lines = countingWrites(InMemoryStores.register(context, RouterTopology.LINES_STORE));
    context.addStateStore(lines);
    index = InMemoryStores.register(context, RouterTopology.INDEX_STORE);
    history = InMemoryStores.registerHistory(context);
    processor = new RecentLinesProcessor(N, RouterEvents.none());
    processor.init(context);
  }

  @Test
  void replayedRecordsLandOnTheSameKeysAndNeverDuplicate() {
    sendOffsets(0, 8);
    List<StoredLine> before = RecentLinesReader.read(lines, "app-a", N, 0).getLinesList();

    sendOffsets(0, 8);
    sendOffsets(5, 8);

    assertThat(RecentLinesReader.read(lines, "app-a", N, 0).getLinesList()).isEqualTo(before);
    assertThat(texts()).containsExactly("line 3", "line 4", "line 5", "line 6", "line 7");
    assertThat(lines.approximateNumEntries()).isEqualTo(N);
  }

  @Test
  void replayingLinesStoredAlreadyWritesNothing() {
    sendOffsets(0, 8);
    sendOffsets(8, 9);
    int perNewLine = writes.get();
    writes.set(0);

    sendOffsets(4, 8);

    assertThat(perNewLine).isPositive();
    assertThat(writes).hasValue(0);
    assertThat(texts()).containsExactly("line 4", "line 5", "line 6", "line 7", "line 8");
  }

  @Test
  void replayAfterTrimKeepsTheNewestLines() {
    sendOffsets(0, 3);
    sendOffsets(10, 14);

    sendOffsets(1, 3);

    assertThat(texts()).containsExactly("line 2", "line 10", "line 11", "line 12", "line 13");
  }

  @Test
  void linesKeepOffsetOrderEvenWhenOffsetsSkip() {
    sendOffsets(100, 101);
    sendOffsets(7, 8);
    sendOffsets(42, 43);

    assertThat(texts()).containsExactly("line 7", "line 42", "line 100");
  }

  @Test
  void indexLaggingTheLinesAfterACrashIsRepairedByTheReplay() {
    sendOffsets(0, 6);
    byte[] indexBeforeLastTwo = index.get(appKey());
    sendOffsets(6, 8);
    index.put(appKey(), indexBeforeLastTwo);

    sendOffsets(4, 9);

    assertThat(texts()).containsExactly("line 4", "line 5", "line 6", "line 7", "line 8");
    assertThat(lines.approximateNumEntries()).isEqualTo(N);
  }

  @Test
  void indexLeadingTheLinesAfterACrashIsRepairedByTheReplay() {
    sendOffsets(0, 7);
    lines.delete(LineKeys.line("app-a", 6));

    sendOffsets(6, 8);

    assertThat(texts()).containsExactly("line 3", "line 4", "line 5", "line 6", "line 7");
  }

  private static Bytes appKey() {
    return Bytes.wrap("app-a".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void replayedRecordsAreStoredOnceInTheHistory() {
    sendOffsets(0, 8);
    sendOffsets(3, 10);

    RecentLines all = HistoryReader.read(history, "app-a", 0, Long.MAX_VALUE, 100, false, 0);

    assertThat(all.getLinesList()).extracting(StoredLine::getOffset)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  /** {@code store}, counting its puts and deletes in {@link #writes} (a logged store's records). */
  @SuppressWarnings("unchecked")
  private KeyValueStore<Bytes, byte[]> countingWrites(KeyValueStore<Bytes, byte[]> store) {
    return (KeyValueStore<Bytes, byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
          if (Set.of("put", "putIfAbsent", "putAll", "delete").contains(method.getName())) {
            writes.incrementAndGet();
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private void sendOffsets(long fromInclusive, long toExclusive) {
    for (long offset = fromInclusive; offset < toExclusive; offset++) {
      context.setRecordMetadata(Topics.LOGS, 0, offset);
      LogMessage message = LogMessage.newBuilder()
          .setMessage(ByteString.copyFromUtf8("line " + offset))
          .setMessageType(LogMessage.MessageType.OUT).setTimestamp(offset).setAppId("app-a")
          .build();
      processor.process(new Record<>("app-a", ParsedLogMessage.of(message), offset));
    }
  }

  private List<String> texts() {
    return RecentLinesReader.read(lines, "app-a", 100, 0).getLinesList().stream()
        .map(l -> l.getLogMessage().getMessage().toString(StandardCharsets.UTF_8)).toList();
  }
}
