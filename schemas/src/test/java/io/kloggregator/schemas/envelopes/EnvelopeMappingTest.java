package io.kloggregator.schemas.envelopes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.v2.Counter;
import io.kloggregator.schemas.v2.Envelope;
import io.kloggregator.schemas.v2.Log;
import io.kloggregator.schemas.v2.Value;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeMappingTest {

  private static final long NANOS = 1_257_894_000_000_000_123L;

  private static LogMessage line(LogMessage.MessageType type) {
    return LogMessage.newBuilder()
        .setMessage(ByteString.copyFromUtf8("log body é"))
        .setMessageType(type)
        .setTimestamp(NANOS)
        .setAppId("app-guid")
        .setSourceId("3")
        .setSourceName("App")
        .build();
  }

  private static String text(ByteString bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void v1LineBecomesAV2LogEnvelopeFieldForField() {
    Envelope envelope = EnvelopeMapping.toV2(line(LogMessage.MessageType.ERR));

    assertThat(envelope.getTimestamp()).isEqualTo(NANOS);
    assertThat(envelope.getSourceId()).isEqualTo("app-guid");
    assertThat(envelope.getInstanceId()).isEqualTo("3");
    assertThat(envelope.getTagsMap()).containsExactly(java.util.Map.entry("source_type", "App"));
    assertThat(envelope.getDeprecatedTagsMap()).isEmpty();
    assertThat(text(envelope.getLog().getPayload())).isEqualTo("log body é");
    assertThat(envelope.getLog().getType()).isEqualTo(Log.Type.ERR);
  }

  @Test
  void outStaysOutBothWays() {
    LogMessage out = line(LogMessage.MessageType.OUT);

    assertThat(EnvelopeMapping.toV2(out).getLog().getType()).isEqualTo(Log.Type.OUT);
    assertThat(EnvelopeMapping.toV1(EnvelopeMapping.toV2(out))).contains(out);
  }

  @Test
  void v2ToV1IsTheInverseForEveryStoredField() {
    LogMessage err = line(LogMessage.MessageType.ERR);

    assertThat(EnvelopeMapping.toV1(EnvelopeMapping.toV2(err))).contains(err);
  }

  @Test
  void aLineWithNoSourceNameHasNoSourceTypeTag() {
    LogMessage bare = line(LogMessage.MessageType.OUT).toBuilder().clearSourceName().build();

    assertThat(EnvelopeMapping.toV2(bare).getTagsMap()).isEmpty();
  }

  @Test
  void emptySourceIdFallsBackToTheOriginTagThenTheDeprecatedOne() {
    Envelope.Builder envelope = Envelope.newBuilder()
        .setLog(Log.newBuilder().setPayload(ByteString.copyFromUtf8("x")));

    assertThat(EnvelopeMapping.toV1(envelope.putDeprecatedTags("origin",
        Value.newBuilder().setText("from-deprecated").build()).build()))
        .map(LogMessage::getAppId).contains("from-deprecated");
    assertThat(EnvelopeMapping.toV1(envelope.putTags("origin", "from-tags").build()))
        .map(LogMessage::getAppId).contains("from-tags");
  }

  @Test
  void sourceTypeFallsBackToTheDeprecatedTag() {
    Envelope envelope = Envelope.newBuilder().setSourceId("a")
        .putDeprecatedTags("source_type", Value.newBuilder().setText("RTR").build())
        .setLog(Log.getDefaultInstance()).build();

    assertThat(EnvelopeMapping.toV1(envelope)).map(LogMessage::getSourceName).contains("RTR");
  }

  @Test
  void anEnvelopeWithoutALogOrASourceHasNoV1Line() {
    Envelope counter = Envelope.newBuilder().setSourceId("a")
        .setCounter(Counter.newBuilder().setName("requests").setDelta(1)).build();
    Envelope anonymous = Envelope.newBuilder().setLog(Log.getDefaultInstance()).build();

    assertThat(EnvelopeMapping.toV1(counter)).isEmpty();
    assertThat(EnvelopeMapping.toV1(anonymous)).isEmpty();
  }

  @Test
  void dropsondeEnvelopeUsesTheReferenceFieldNumbers() throws InvalidProtocolBufferException {
    byte[] wire = EnvelopeMapping.toDropsonde(line(LogMessage.MessageType.ERR)).toByteArray();

    UnknownFieldSet envelope = UnknownFieldSet.parseFrom(wire);
    assertThat(text(envelope.getField(1).getLengthDelimitedList().get(0)))
        .isEqualTo(EnvelopeMapping.DROPSONDE_ORIGIN);
    assertThat(envelope.getField(2).getVarintList()).containsExactly(5L);
    assertThat(envelope.getField(6).getVarintList()).containsExactly(NANOS);
    UnknownFieldSet log = UnknownFieldSet.parseFrom(
        envelope.getField(8).getLengthDelimitedList().get(0));
    assertThat(text(log.getField(1).getLengthDelimitedList().get(0))).isEqualTo("log body é");
    assertThat(log.getField(2).getVarintList()).containsExactly(2L);
    assertThat(log.getField(3).getVarintList()).containsExactly(NANOS);
    assertThat(text(log.getField(4).getLengthDelimitedList().get(0))).isEqualTo("app-guid");
    assertThat(text(log.getField(5).getLengthDelimitedList().get(0))).isEqualTo("App");
    assertThat(text(log.getField(6).getLengthDelimitedList().get(0))).isEqualTo("3");
  }

  @Test
  void v2EnvelopeUsesTheReferenceFieldNumbers() throws InvalidProtocolBufferException {
    byte[] wire = EnvelopeMapping.toV2(line(LogMessage.MessageType.ERR)).toByteArray();

    UnknownFieldSet envelope = UnknownFieldSet.parseFrom(wire);
    assertThat(envelope.getField(1).getVarintList()).containsExactly(NANOS);
    assertThat(text(envelope.getField(2).getLengthDelimitedList().get(0))).isEqualTo("app-guid");
    assertThat(text(envelope.getField(8).getLengthDelimitedList().get(0))).isEqualTo("3");
    UnknownFieldSet tag = UnknownFieldSet.parseFrom(
        envelope.getField(9).getLengthDelimitedList().get(0));
    assertThat(text(tag.getField(1).getLengthDelimitedList().get(0))).isEqualTo("source_type");
    assertThat(text(tag.getField(2).getLengthDelimitedList().get(0))).isEqualTo("App");
    UnknownFieldSet log = UnknownFieldSet.parseFrom(
        envelope.getField(4).getLengthDelimitedList().get(0));
    assertThat(text(log.getField(1).getLengthDelimitedList().get(0))).isEqualTo("log body é");
    assertThat(log.getField(2).getVarintList()).containsExactly(1L);
  }
}
