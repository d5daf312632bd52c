package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.StoredLine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The processor keeps each app's count and offsets in memory and saves them to the index store
 * once a second: a new processor on the same stores (a restarted task) must carry on with
 * exactly the last N lines whether the saved figures are current, lag behind the lines (a
 * crash between two saves), or are missing.
 */
class RecentLinesRestartTest {

  private static final int N = 100;
  private static final String APP = "app-r";

  private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
  private final KeyValueStore<Bytes, byte[]> lines =
      InMemoryStores.register(context, RouterTopology.LINES_STORE);
  private final KeyValueStore<Bytes, byte[]> index =
      InMemoryStores.register(context, RouterTopology.INDEX_STORE);

  {
    InMemoryStores.registerHistory(context);
  }

  @Test
  void trimsToExactlyTheLastNLinesOverManyReadAheads() {
    RecentLinesProcessor processor = started();

    feed(processor, 0, 1_000);

    assertThat(offsetsStored()).containsExactlyElementsOf(range(900, 1_000));
  }

  @Test
  void savesCountAndOffsetsOnThePunctuation() {
    RecentLinesProcessor processor = started();
    feed(processor, 0, 150);

    context.scheduledPunctuators().get(0).getPunctuator().punctuate(0L);

    assertThat(AppIndex.decode(index.get(appKey()))).isEqualTo(new AppIndex(N, 50, 149));
  }

  @Test
  void restartAfterASaveCarriesOnFromTheSavedFigures() {
    RecentLinesProcessor first = started();
    feed(first, 0, 150);
    first.close();

    feed(started(), 150, 170);

    assertThat(offsetsStored()).containsExactlyElementsOf(range(70, 170));
  }

  @Test
  void restartWithFiguresLaggingTheLinesRecountsInsteadOfKeepingTooFew() {
    RecentLinesProcessor first = started();
    feed(first, 0, 150);
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(0L);
    feed(first, 150, 180);

    feed(started(), 180, 190);

    assertThat(offsetsStored()).containsExactlyElementsOf(range(90, 190));
  }

  @Test
  void restartWithoutSavedFiguresRecountsAndReplaysWithoutDuplicates() {
    feed(started(), 0, 130);
    index.delete(appKey());

    feed(started(), 120, 140);

    assertThat(offsetsStored()).containsExactlyElementsOf(range(40, 140));
  }

  private RecentLinesProcessor started() {
    RecentLinesProcessor processor = new RecentLinesProcessor(N, RouterEvents.none());
    processor.init(context);
    return processor;
  }

  private void feed(RecentLinesProcessor processor, long from, long to) {
    for (long offset = from; offset < to; offset++) {
      context.setRecordMetadata(Topics.LOGS, 0, offset);
      processor.process(new Record<>(APP, ParsedLogMessage.of(LogMessage.newBuilder()
          .setMessage(ByteString.copyFromUtf8("#" + offset))
          .setMessageType(LogMessage.MessageType.ERR).setTimestamp(offset).setAppId(APP)
          .build()), offset));
    }
  }

  /** Offsets of every line of the app in the store, oldest first; each must match its text. */
  private List<Long> offsetsStored() {
    return RecentLinesReader.read(lines, APP, RouterConfig.MAX_RETAINED_LINES, 0).getLinesList()
        .stream().peek(line -> assertThat(line.getLogMessage().getMessage()
            .toString(StandardCharsets.UTF_8)).isEqualTo("#" + line.getOffset()))
        .map(StoredLine::getOffset).toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }

  private static Bytes appKey() {
    return Bytes.wrap(APP.getBytes(StandardCharsets.UTF_8));
  }
}
