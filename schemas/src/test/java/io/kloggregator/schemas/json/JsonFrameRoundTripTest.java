package io.kloggregator.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonFrameRoundTripTest {

  private final JsonFrameParser parser = new JsonFrameParser();

  private static LogMessage message(String app, String source, String instance, String text) {
    return LogMessage.newBuilder().setAppId(app).setSourceName(source).setSourceId(instance)
        .setMessageType(LogMessage.MessageType.ERR).setTimestamp(1_764_064_800_123_456_789L)
        .setMessage(ByteString.copyFromUtf8(text)).build();
  }

  private void assertRoundTrip(LogMessage m, int partition, long offset) {
    String frame = JsonFrameEncoder.line(m, partition, offset);

    JsonFrame parsed = parser.parse(frame);

    assertThat(parsed).isEqualTo(new LineFrame(m.getAppId(), m.getSourceName(), m.getSourceId(),
        m.getMessageType().name(), m.getTimestamp(), m.getMessage().toStringUtf8(),
        partition + ":" + offset, frame));
    assertThat(parsed).isEqualTo(LineFrame.of(m, partition, offset));
  }

  @Test
  void escapesAndControlCharactersComeBackUnchanged() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      all.append(c);
    }

    assertRoundTrip(message("app \"1\" \\", "App", "0", all.toString()), 3, 42);
    assertRoundTrip(message("a", "App", "0", "\\u0041 is not A, \\\"n\\\" \r\n\t"), 0, 0);
  }

  @Test
  void nonAsciiComesBackUnchanged() {
    assertRoundTrip(message("\u00e9", "\u4e2d", "\u00df", "caf\u00e9 \u4e2d\u6587 \ud83d\ude00 "
        + "\u2028\u2029 \ufeff"), 11, Long.MAX_VALUE);
  }

  @Test
  void emptyFieldsComeBackEmpty() {
    assertRoundTrip(message("", "", "", ""), 0, 0);
    assertRoundTrip(LogMessage.newBuilder().setMessage(ByteString.EMPTY).setTimestamp(0)
        .buildPartial(), 0, 0);
  }

  @Test
  void textThatIsNotUtf8ComesBackWithReplacementCharacters() {
    LogMessage m = LogMessage.newBuilder().setAppId("a").setTimestamp(-1)
        .setMessageType(LogMessage.MessageType.OUT)
        .setMessage(ByteString.copyFrom(new byte[] {'a', (byte) 0xC3, 0x28, (byte) 0xFF})).build();

    assertRoundTrip(m, 1, 2);
    assertThat(((LineFrame) parser.parse(JsonFrameEncoder.line(m, 1, 2))).text())
        .isEqualTo("a\uFFFD(\uFFFD");
  }

  @Test
  void randomTextComesBackUnchanged() {
    Random random = new Random(5);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int j = random.nextInt(40); j > 0; j--) {
        text.appendCodePoint(switch (random.nextInt(5)) {
          case 0 -> random.nextInt(0x80);
          case 1 -> 0x80 + random.nextInt(0x780);
          case 2 -> 0x4E00 + random.nextInt(0x100);
          case 3 -> random.nextInt(0x20);
          default -> 0x1F600 + random.nextInt(0x40);
        });
      }
      LogMessage m = LogMessage.newBuilder().setAppId("app-\"" + i + "\\")
          .setSourceName(i % 3 == 0 ? "" : "APP/PROC").setSourceId(Integer.toString(i))
          .setTimestamp(random.nextLong())
          .setMessageType(i % 2 == 0 ? LogMessage.MessageType.OUT : LogMessage.MessageType.ERR)
          .setMessage(ByteString.copyFrom(text.toString(), StandardCharsets.UTF_8)).build();

      assertRoundTrip(m, i % 12, i * 1_000L);
    }
  }

  @Test
  void lossFrameComesBackUnchanged() {
    String frame = JsonFrameEncoder.loss(12, -3, Long.MAX_VALUE, "slow \"client\"\n\u00e9\u0000");

    assertThat(parser.parse(frame))
        .isEqualTo(new LossFrame(12, -3, Long.MAX_VALUE, "slow \"client\"\n\u00e9\u0000", frame));
  }
}
