package io.kloggregator.schemas.envelopes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.kloggregator.schemas.v2.Counter;
import io.kloggregator.schemas.v2.Envelope;
import io.kloggregator.schemas.v2.EnvelopeBatch;
import io.kloggregator.schemas.v2.Event;
import io.kloggregator.schemas.v2.Gauge;
import io.kloggregator.schemas.v2.GaugeValue;
import io.kloggregator.schemas.v2.Log;
import io.kloggregator.schemas.v2.Timer;
import io.kloggregator.schemas.v2.Value;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeJsonTest {

  private static final Envelope LOG = Envelope.newBuilder()
      .setTimestamp(1_257_894_000_000_000_000L)
      .setSourceId("11111111-2222-3333-4444-555555555555")
      .setInstanceId("0")
      .putTags("source_type", "APP/PROC/WEB")
      .setLog(Log.newBuilder().setPayload(ByteString.copyFromUtf8("log body")))
      .build();

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static EnvelopeBatch parsedByProtobuf(String json)
      throws InvalidProtocolBufferException {
    EnvelopeBatch.Builder batch = EnvelopeBatch.newBuilder();
    JsonFormat.parser().merge(json, batch);
    return batch.build();
  }

  @Test
  void logCacheReadIsTheReferenceFormExactly() {
    assertThat(utf8(EnvelopeJson.logCacheRead(List.of(LOG))))
        .isEqualTo("{\"envelopes\":{\"batch\":["
        + "{\"timestamp\":\"1257894000000000000\","
        + "\"source_id\":\"11111111-2222-3333-4444-555555555555\",\"instance_id\":\"0\","
        + "\"deprecated_tags\":{},\"tags\":{\"source_type\":\"APP/PROC/WEB\"},"
        + "\"log\":{\"payload\":\"bG9nIGJvZHk=\",\"type\":\"OUT\"}}]}}");
  }

  @Test
  void anEmptyReadIsAnEmptyBatch() {
    assertThat(utf8(EnvelopeJson.logCacheRead(List.of())))
        .isEqualTo("{\"envelopes\":{\"batch\":[]}}");
  }

  @Test
  void protobufsOwnJsonParserReadsEveryMessageKindBack() throws InvalidProtocolBufferException {
    List<Envelope> envelopes = List.of(
        LOG.toBuilder().setLog(Log.newBuilder().setType(Log.Type.ERR)
            .setPayload(ByteString.copyFrom(new byte[] {0, (byte) 0xff, '\n', '"'}))).build(),
        Envelope.newBuilder().setSourceId("s").setTimestamp(-6_795_364_578_871_345_152L)
            .putDeprecatedTags("job", Value.newBuilder().setText("router").build())
            .putDeprecatedTags("n", Value.newBuilder().setInteger(Long.MIN_VALUE).build())
            .putDeprecatedTags("d", Value.newBuilder().setDecimal(0.25).build())
            .setCounter(Counter.newBuilder().setName("c").setDelta(-1L).setTotal(7)).build(),
        Envelope.newBuilder().setGauge(Gauge.newBuilder()
            .putMetrics("cpu", GaugeValue.newBuilder().setUnit("%").setValue(12.5).build())
            .putMetrics("nan", GaugeValue.newBuilder().setValue(Double.NaN).build())).build(),
        Envelope.newBuilder().setTimer(Timer.newBuilder().setName("t").setStart(1).setStop(2))
            .build(),
        Envelope.newBuilder().setEvent(Event.newBuilder().setTitle("up").setBody("\u2603"))
            .build(),
        Envelope.newBuilder().setSourceId("empty").build());

    assertThat(parsedByProtobuf(utf8(EnvelopeJson.batch(envelopes))).getBatchList())
        .isEqualTo(envelopes);
  }

  @Test
  void sixtyFourBitIntegersAreStringsAsTheJsonMappingRequires() {
    Envelope counter = Envelope.newBuilder()
        .setCounter(Counter.newBuilder().setName("c").setDelta(-1L).setTotal(3)).build();

    assertThat(utf8(EnvelopeJson.batch(List.of(counter))))
        .contains("\"counter\":{\"name\":\"c\",\"delta\":\"18446744073709551615\","
            + "\"total\":\"3\"}")
        .contains("\"timestamp\":\"0\"");
  }

  @Test
  void mapKeysAreSortedSoTheSameEnvelopeIsAlwaysTheSameText() {
    Envelope tagged = LOG.toBuilder().clearTags().putTags("z", "1").putTags("a", "2").build();

    assertThat(utf8(EnvelopeJson.batch(List.of(tagged)))).contains("\"tags\":{\"a\":\"2\","
        + "\"z\":\"1\"}");
  }
}
