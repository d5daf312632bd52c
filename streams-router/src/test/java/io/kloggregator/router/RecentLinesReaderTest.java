package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.LogFilter;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.schemas.proto.StoredLine;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pre-serialized dump must be byte for byte the protobuf encoding of the parsed one. */
class RecentLinesReaderTest {

  private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
  private KeyValueStore<Bytes, byte[]> lines;

  @BeforeEach
  void fill() {
    lines = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RouterTopology.LINES_STORE),
        Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
    lines.init(context.getStateStoreContext(), lines);
    store("app", 0, 0);
    for (long offset : new long[] {3, 4, 130, 9_000_000_000L}) {
      store("app", 7, offset);
    }
    store("app-b", 7, 5);
    store("ap", 7, 6);
  }

  @Test
  void encodedEqualsTheParsedAnswerSerialized() {
    for (String app : new String[] {"app", "app-b", "ap", "nobody", ""}) {
      for (int n : new int[] {1, 2, 5, 1000}) {
        for (int partition : new int[] {0, 7}) {
          assertThat(RecentLinesReader.encoded(lines, app, n, partition))
              .as("app '%s' n %d partition %d", app, n, partition)
              .isEqualTo(RecentLinesReader.read(lines, app, n, partition).toByteArray());
        }
      }
    }
  }

  @Test
  void appWhoseOnlyLineIsAtOffsetZero() {
    lines.put(LineKeys.line("zero", 0), ParsedLogMessage.of(message("zero", 0)).storedLine(0, 0));

    assertThat(RecentLinesReader.encoded(lines, "zero", 10, 0))
        .isEqualTo(RecentLinesReader.read(lines, "zero", 10, 0).toByteArray());
  }

  @Test
  void aFilterIsAppliedBeforeTheCountSoOlderMatchesAreFound() {
    // 10 ERR lines, then 100 newer OUT lines: the last 5 ERR lines are all older than the last 5.
    for (long offset = 0; offset < 110; offset++) {
      LogMessage.MessageType type = offset < 10 ? LogMessage.MessageType.ERR
          : LogMessage.MessageType.OUT;
      lines.put(LineKeys.line("mixed", offset), ParsedLogMessage.of(message("mixed", offset)
          .toBuilder().setMessageType(type).build()).storedLine(2, offset));
    }
    LogFilter errors = LogFilter.parse(Map.of("type", "err")::get);

    RecentLines dump = RecentLinesReader.read(lines, "mixed", 5, 2, errors);

    assertThat(texts(dump)).containsExactly("mixed #5", "mixed #6", "mixed #7", "mixed #8",
        "mixed #9");
    // Every line after the answer was read: following from here misses no ERR line.
    assertThat(dump.getNextOffset()).isEqualTo(110);
    assertThat(RecentLinesReader.encoded(lines, "mixed", 5, 2, errors))
        .isEqualTo(dump.toByteArray());
  }

  @Test
  void aFilterMatchingFewerThanNAnswersAllItMatches() {
    LogFilter negated = LogFilter.parse(Map.of("regex", "#\\d$", "negate", "true")::get);

    RecentLines dump = RecentLinesReader.read(lines, "app", 1000, 7, negated);

    assertThat(texts(dump)).containsExactly("app #130", "app #9000000000");
    assertThat(RecentLinesReader.encoded(lines, "app", 1000, 7, negated))
        .isEqualTo(dump.toByteArray());
    assertThat(RecentLinesReader.read(lines, "app",
        10, 7, LogFilter.parse(Map.of("contains", "nowhere")::get)).getLinesList()).isEmpty();
  }

  private static List<String> texts(RecentLines dump) {
    return dump.getLinesList().stream().map(StoredLine::getLogMessage)
        .map(m -> m.getMessage().toStringUtf8()).toList();
  }

  private void store(String app, int partition, long offset) {
    lines.put(LineKeys.line(app, offset),
        ParsedLogMessage.of(message(app, offset)).storedLine(partition, offset));
  }

  private static LogMessage message(String app, long offset) {
    return LogMessage.newBuilder().setMessage(ByteString.copyFromUtf8(app + " #" + offset))
        .setMessageType(LogMessage.MessageType.OUT).setTimestamp(offset).setAppId(app).build();
  }
}
