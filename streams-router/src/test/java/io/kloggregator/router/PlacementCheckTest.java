package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.RecentLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology's placement check on a 12-partition log topic. The test driver delivers every
 * input record in partition 0, so an app whose key belongs elsewhere plays a foreign producer's
 * misplaced line.
 */
class PlacementCheckTest {

  private static final LogPartitions TWELVE = new LogPartitions(12);
  private static final Instant T0 = Instant.parse("2026-12-04T09:00:00Z");
  private static final String PLACED = app(p -> p == 0);
  private static final String MISPLACED = app(p -> p != 0);

  @TempDir
  Path stateDir;

  private final RecordedEvents events = new RecordedEvents();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> logs;
  private KeyValueStore<Bytes, byte[]> lines;

  @BeforeEach
  void startDriver() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "placement-check-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    RouterTopologyConfig config = new RouterTopologyConfig(10, 0L,
        RouterTopologyConfig.DEFAULT_HISTORY_RETENTION_MILLIS, events,
        TWELVE);
    driver = new TopologyTestDriver(RouterTopology.build(config), props);
    logs = driver.createInputTopic(Topics.LOGS, new StringSerializer(), new ByteArraySerializer());
    lines = driver.getKeyValueStore(RouterTopology.LINES_STORE);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void wellPlacedLinesAreStoredAndNotRelocated() {
    pipe(PLACED, "one");
    pipe(PLACED, "two");

    assertThat(texts(PLACED)).containsExactly("one", "two");
    assertThat(events.misplaced()).isEmpty();
  }

  @Test
  void misplacedLinesAreCountedAndStoredOnceThroughTheirRelocatedCopy() {
    pipe(MISPLACED, "one");
    pipe(MISPLACED, "two");

    assertThat(texts(MISPLACED)).containsExactly("one", "two");
    assertThat(events.misplaced()).containsExactly(
        Topics.LOGS + " 0->" + TWELVE.partitionOf(MISPLACED),
        Topics.LOGS + " 0->" + TWELVE.partitionOf(MISPLACED));
  }

  @Test
  void theRelocatedCopyNamesTheOriginalAndKeepsItsHeadersAndTime() {
    pipe(PLACED, "placed");
    TestRecord<String, byte[]> original = new TestRecord<>(MISPLACED,
        message("moved").toByteArray(), T0);
    original.headers().add(Topics.HEADER_INGEST, "tcp".getBytes(StandardCharsets.UTF_8));
    logs.pipeInput(original);

    List<TestRecord<String, byte[]>> relocated = driver.createOutputTopic(Topics.LOGS,
        new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
    assertThat(relocated).hasSize(1);
    TestRecord<String, byte[]> copy = relocated.get(0);
    assertThat(copy.key()).isEqualTo(MISPLACED);
    assertThat(copy.value()).isEqualTo(original.value());
    assertThat(copy.getRecordTime()).isEqualTo(T0);
    List<Header> headers = List.of(copy.headers().toArray());
    assertThat(header(headers, Topics.HEADER_RELOCATED_FROM)).isEqualTo("0:1");
    assertThat(header(headers, Topics.HEADER_INGEST)).isEqualTo("tcp");
    RecentLines dump = RecentLinesReader.read(lines, MISPLACED, 10, 0);
    assertThat(dump.getLinesList()).hasSize(1);
    assertThat(dump.getLines(0).getOffset()).as("the copy's offset, not the original's")
        .isEqualTo(2L);
  }

  private void pipe(String app, String text) {
    logs.pipeInput(new TestRecord<>(app, message(text).toByteArray(), T0));
  }

  private List<String> texts(String app) {
    return RecentLinesReader.read(lines, app, 10, 0).getLinesList().stream()
        .map(l -> l.getLogMessage().getMessage().toString(StandardCharsets.UTF_8)).toList();
  }

  private static String header(List<Header> headers, String name) {
    return headers.stream().filter(h -> h.key().equals(name))
        .map(h -> new String(h.value(), StandardCharsets.UTF_8)).findFirst().orElse(null);
  }

  private static String app(IntPredicate partition) {
    return IntStream.range(0, 100).mapToObj(i -> "app-" + i)
        .filter(a -> partition.test(TWELVE.partitionOf(a))).findFirst().orElseThrow();
  }

  private static LogMessage message(String text) {
    return LogMessage.newBuilder().setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(LogMessage.MessageType.OUT).setTimestamp(T0.toEpochMilli() * 1_000_000)
        .setAppId("any").build();
  }
}
