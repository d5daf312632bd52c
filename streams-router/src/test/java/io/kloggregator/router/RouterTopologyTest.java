package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.schemas.proto.StoredLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterTopologyTest {

  private static final int N = 5;
  private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> logs;
  private KeyValueStore<Bytes, byte[]> lines;

  @BeforeEach
  void startDriver() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "router-topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(
        RouterTopology.build(new RouterTopologyConfig(N, RouterEvents.none())), props);
    logs = driver.createInputTopic(Topics.LOGS, new StringSerializer(), new ByteArraySerializer());
    lines = driver.getKeyValueStore(RouterTopology.LINES_STORE);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void dumpReturnsLastLinesOldestFirst() {
    pipe("app-a", "one", "two", "three");

    RecentLines dump = RecentLinesReader.read(lines, "app-a", N, 0);

    assertThat(texts(dump)).containsExactly("one", "two", "three");
    assertThat(offsets(dump)).containsExactly(0L, 1L, 2L);
    assertThat(dump.getNextOffset()).isEqualTo(3L);
    assertThat(dump.getAppId()).isEqualTo("app-a");
  }

  @Test
  void storeKeepsOnlyTheLastNLinesOfEachApp() {
    pipe("app-a", "1", "2", "3", "4", "5", "6", "7", "8");
    pipe("app-b", "b1", "b2");

    assertThat(texts(RecentLinesReader.read(lines, "app-a", 100, 0)))
        .containsExactly("4", "5", "6", "7", "8");
    assertThat(texts(RecentLinesReader.read(lines, "app-b", 100, 0)))
        .containsExactly("b1", "b2");
    assertThat(countEntries()).isEqualTo(N + 2);
  }

  @Test
  void smallerNReturnsTheNewestLines() {
    pipe("app-a", "1", "2", "3", "4");

    RecentLines dump = RecentLinesReader.read(lines, "app-a", 2, 0);

    assertThat(texts(dump)).containsExactly("3", "4");
    assertThat(dump.getNextOffset()).isEqualTo(4L);
  }

  @Test
  void appWhoseIdPrefixesAnotherSeesOnlyItsOwnLines() {
    pipe("app", "mine");
    pipe("app-longer", "theirs");

    assertThat(texts(RecentLinesReader.read(lines, "app", N, 0))).containsExactly("mine");
  }

  @Test
  void unknownAppGetsNoLinesAndNextOffsetMinusOne() {
    RecentLines dump = RecentLinesReader.read(lines, "nobody", N, 3);

    assertThat(dump.getLinesList()).isEmpty();
    assertThat(dump.getNextOffset()).isEqualTo(-1L);
    assertThat(dump.getPartition()).isEqualTo(3);
  }

  @Test
  void malformedRecordsAreDroppedWithoutStoppingTheStream() {
    logs.pipeInput(new TestRecord<>("app-a", new byte[] {(byte) 0xFF, 0x01}, T0));
    logs.pipeInput(new TestRecord<>(null, message("no key").toByteArray(), T0));
    pipe("app-a", "good");

    assertThat(texts(RecentLinesReader.read(lines, "app-a", N, 0))).containsExactly("good");
  }

  private void pipe(String app, String... texts) {
    for (String text : texts) {
      logs.pipeInput(new TestRecord<>(app, message(text).toByteArray(), T0));
    }
  }

  private long countEntries() {
    long count = 0;
    try (var it = lines.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> next = it.next();
        count += next.key.get().length > 0 ? 1 : 0;
      }
    }
    return count;
  }

  private static LogMessage message(String text) {
    return LogMessage.newBuilder().setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(LogMessage.MessageType.OUT).setTimestamp(T0.toEpochMilli() * 1_000_000)
        .setAppId("app-a").build();
  }

  private static List<String> texts(RecentLines dump) {
    return dump.getLinesList().stream()
        .map(l -> l.getLogMessage().getMessage().toString(StandardCharsets.UTF_8)).toList();
  }

  private static List<Long> offsets(RecentLines dump) {
    return dump.getLinesList().stream().map(StoredLine::getOffset).toList();
  }
}
