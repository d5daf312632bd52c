package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.DrainRecord;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainRoutingTest {

  private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
  private static final String BINDING_1 = "app-a/1111111111111111111111111111111111111111";
  private static final String BINDING_2 = "app-a/2222222222222222222222222222222222222222";

  @TempDir
  Path stateDir;

  private final RecordedEvents events = new RecordedEvents();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> logs;
  private TestInputTopic<String, String> bindings;
  private TestOutputTopic<String, byte[]> drains;

  private void start(long drainsSinceMillis) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "drain-routing-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(RouterTopology.build(
        new RouterTopologyConfig(10, drainsSinceMillis, events)), props);
    logs = driver.createInputTopic(Topics.LOGS, new StringSerializer(), new ByteArraySerializer());
    bindings = driver.createInputTopic(Topics.BINDINGS, new StringSerializer(),
        new StringSerializer());
    drains = driver.createOutputTopic(Topics.DRAINS, new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void linesOfAnAppWithoutBindingsGoToNoDrain() {
    start(0);

    line("app-a", "nobody listens");

    assertThat(drains.isEmpty()).isTrue();
  }

  @Test
  void eachLineGoesToEveryBindingOfItsAppKeyedByBindingId() {
    start(0);
    bindings.pipeInput(BINDING_1, "syslog://one.example:514");
    bindings.pipeInput(BINDING_2, "syslog-tls://two.example:6514");
    bindings.pipeInput("app-b/3333333333333333333333333333333333333333", "https://b.example/x");

    line("app-a", "first");
    line("app-a", "second");

    List<TestRecord<String, byte[]>> out = drains.readRecordsToList();
    assertThat(out).extracting(TestRecord::key)
        .containsExactly(BINDING_1, BINDING_2, BINDING_1, BINDING_2);
    DrainRecord first = parse(out.get(0).value());
    assertThat(first.getAppId()).isEqualTo("app-a");
    assertThat(first.getBindingId()).isEqualTo(BINDING_1);
    assertThat(first.getDrainUrl()).isEqualTo("syslog://one.example:514");
    assertThat(first.getLogMessage().getMessage().toStringUtf8()).isEqualTo("first");
    assertThat(first.getSourceOffset()).isEqualTo(0L);
    assertThat(parse(out.get(3).value()).getSourceOffset()).isEqualTo(1L);
  }

  @Test
  void removedBindingReceivesNoFurtherLines() {
    start(0);
    bindings.pipeInput(BINDING_1, "syslog://one.example:514");
    line("app-a", "before");

    bindings.pipeInput(BINDING_1, (String) null);
    line("app-a", "after");

    assertThat(texts(drains.readRecordsToList())).containsExactly("before");
  }

  @Test
  void bindingAddedForAnAppAlreadyRoutedWithoutOneReceivesTheFollowingLines() {
    start(0);
    line("app-a", "before");

    bindings.pipeInput(BINDING_1, "syslog://one.example:514");
    line("app-a", "after");

    assertThat(texts(drains.readRecordsToList())).containsExactly("after");
  }

  @Test
  void changedUrlIsUsedForTheFollowingLines() {
    start(0);
    bindings.pipeInput(BINDING_1, "syslog://old.example:514");
    line("app-a", "to old");

    bindings.pipeInput(BINDING_1, "syslog://new.example:514");
    line("app-a", "to new");

    List<TestRecord<String, byte[]>> out = drains.readRecordsToList();
    assertThat(out).extracting(r -> parse(r.value()).getDrainUrl())
        .containsExactly("syslog://old.example:514", "syslog://new.example:514");
  }

  @Test
  void malformedBindingsAreSkippedAndCounted() {
    start(0);
    bindings.pipeInput("no-slash", "syslog://x.example:514");
    bindings.pipeInput("app-a/too/deep", "syslog://x.example:514");
    bindings.pipeInput(BINDING_1, "ftp://x.example/");
    bindings.pipeInput(BINDING_2, "not a url at all");

    line("app-a", "goes nowhere");

    assertThat(drains.isEmpty()).isTrue();
    assertThat(events.droppedBindings()).containsExactly("bad_binding_id", "bad_binding_id",
        "unsupported_scheme", "unparsable_url");
  }

  @Test
  void appWhoseIdPrefixesAnotherDoesNotGetItsDrains() {
    start(0);
    bindings.pipeInput("app-a-longer/4444444444444444444444444444444444444444",
        "syslog://other.example:514");

    line("app-a", "mine");

    assertThat(drains.isEmpty()).isTrue();
  }

  @Test
  void linesOlderThanDrainsSinceAreStoredButNotRouted() {
    start(T0.plusSeconds(60).toEpochMilli());
    bindings.pipeInput(BINDING_1, "syslog://one.example:514");

    logs.pipeInput(new TestRecord<>("app-a", message("old").toByteArray(), T0));
    logs.pipeInput(new TestRecord<>("app-a", message("new").toByteArray(), T0.plusSeconds(61)));

    assertThat(texts(drains.readRecordsToList())).containsExactly("new");
  }

  private void line(String app, String text) {
    logs.pipeInput(new TestRecord<>(app, message(text).toByteArray(), T0));
  }

  private static LogMessage message(String text) {
    return LogMessage.newBuilder().setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(LogMessage.MessageType.OUT).setTimestamp(T0.toEpochMilli() * 1_000_000)
        .setAppId("app-a").build();
  }

  private static List<String> texts(List<TestRecord<String, byte[]>> records) {
    return records.stream().map(r -> parse(r.value()).getLogMessage().getMessage()
        .toString(StandardCharsets.UTF_8)).toList();
  }

  private static DrainRecord parse(byte[] value) {
    try {
      return DrainRecord.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
