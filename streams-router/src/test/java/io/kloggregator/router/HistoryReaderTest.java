package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.RecentLines;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history store as the topology fills it, read by time through {@link HistoryReader}. */
class HistoryReaderTest {

  private static final long T0 = 1_764_000_000_000_000_000L;
  private static final long MS = 1_000_000L;

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> logs;
  private WindowStore<String, byte[]> history;

  @BeforeEach
  void startDriver() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "history-reader-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(
        RouterTopology.build(new RouterTopologyConfig(3, RouterEvents.none())), props);
    logs = driver.createInputTopic(Topics.LOGS, new StringSerializer(), new ByteArraySerializer());
    history = driver.getWindowStore(HistoryStore.NAME);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private void pipe(String app, String text, long nanos) {
    LogMessage message = LogMessage.newBuilder().setAppId(app).setSourceName("App")
        .setSourceId("0").setMessageType(LogMessage.MessageType.OUT).setTimestamp(nanos)
        .setMessage(ByteString.copyFromUtf8(text)).build();
    logs.pipeInput(app, message.toByteArray(), nanos / MS);
  }

  private RecentLines read(String app, long start, long end, int limit, boolean descending) {
    return HistoryReader.read(history, app, start, end, limit, descending, 0);
  }

  private static List<String> texts(RecentLines lines) {
    return lines.getLinesList().stream()
        .map(l -> l.getLogMessage().getMessage().toStringUtf8()).toList();
  }

  @Test
  void keepsLinesLongAfterTheRecentStoreDroppedThem() {
    for (int i = 0; i < 10; i++) {
      pipe("app-a", "a" + i, T0 + i * 1000 * MS);
      pipe("app-b", "b" + i, T0 + i * 1000 * MS + 1);
    }

    assertThat(texts(read("app-a", T0, T0 + 3000 * MS, 100, false)))
        .containsExactly("a0", "a1", "a2");
    assertThat(texts(read("app-a", Long.MIN_VALUE / 2, Long.MAX_VALUE, 2, false)))
        .containsExactly("a0", "a1");
  }

  @Test
  void startIsInclusiveAndEndExclusiveToTheNanosecond() {
    pipe("app", "before", T0 - 1);
    pipe("app", "start", T0);
    pipe("app", "last", T0 + 5 * MS - 1);
    pipe("app", "end", T0 + 5 * MS);

    assertThat(texts(read("app", T0, T0 + 5 * MS, 100, false))).containsExactly("start", "last");
  }

  @Test
  void descendingGivesTheNewestFirstAndLimitCutsTheOldest() {
    for (int i = 0; i < 6; i++) {
      pipe("app", "l" + i, T0 + i * MS);
    }

    assertThat(texts(read("app", T0, T0 + 100 * MS, 2, true))).containsExactly("l5", "l4");
    assertThat(texts(read("app", T0, T0 + 4 * MS, 10, true)))
        .containsExactly("l3", "l2", "l1", "l0");
  }

  @Test
  void linesOfOneMillisecondAreOrderedByNanosecondBeforeTheCut() {
    pipe("app", "third", T0 + 300);
    pipe("app", "first", T0 + 100);
    pipe("app", "second", T0 + 200);
    pipe("app", "next-ms", T0 + MS);

    assertThat(texts(read("app", T0, T0 + 10 * MS, 2, false))).containsExactly("first", "second");
    assertThat(texts(read("app", T0, T0 + 10 * MS, 2, true))).containsExactly("next-ms", "third");
  }

  @Test
  void emptyOrInvertedRangesAndOtherAppsGiveNothing() {
    pipe("app", "x", T0);

    assertThat(read("app", T0 + 1, T0 + 1, 10, false).getLinesList()).isEmpty();
    assertThat(read("app", T0 + MS, T0, 10, false).getLinesList()).isEmpty();
    assertThat(read("other", 0, Long.MAX_VALUE, 10, false).getLinesList()).isEmpty();
  }
}
