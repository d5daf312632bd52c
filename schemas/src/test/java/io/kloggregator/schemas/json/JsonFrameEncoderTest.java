package io.kloggregator.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class JsonFrameEncoderTest {

  private static LogMessage.Builder message(String text) {
    return LogMessage.newBuilder().setAppId("app").setSourceName("App").setSourceId("0")
        .setMessageType(LogMessage.MessageType.ERR).setTimestamp(1234567890123L)
        .setMessage(ByteString.copyFromUtf8(text));
  }

  private static String text(String frame) {
    return frame.substring(frame.indexOf(",\"text\":") + 8, frame.indexOf(",\"cursor\":"));
  }

  @Test
  void encodesALineWithItsCursor() {
    LogMessage m = message("h\u00e9llo \"quoted\"\n\ttab \u0001").build();

    assertThat(JsonFrameEncoder.line(m, 3, 42)).isEqualTo("{\"app\":\"app\",\"source\":\"App\","
        + "\"instance\":\"0\",\"type\":\"ERR\",\"timestamp\":1234567890123,"
        + "\"text\":\"h\u00e9llo \\\"quoted\\\"\\n\\ttab \\u0001\",\"cursor\":\"3:42\"}");
  }

  @Test
  void lineBytesAreTheUtf8OfTheLineText() {
    LogMessage m = message("\u00e9\u4e2d\ud83d\ude00").build();

    byte[] frame = JsonFrameEncoder.lineUtf8(m, 0, 7);

    assertThat(frame).isEqualTo(JsonFrameEncoder.line(m, 0, 7).getBytes(StandardCharsets.UTF_8));
    assertThat(HexFormat.of().formatHex(frame)).contains("227465787422" + "3a22"
        + "c3a9e4b8adf09f9880" + "222c");
  }

  @Test
  void escapesEveryControlCharacterAndNothingElse() {
    StringBuilder controls = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      controls.append(c);
    }
    controls.append("\"\\/\u007f\u2028 \u00ff");

    String frame = JsonFrameEncoder.line(message(controls.toString()).build(), 0, 0);

    assertThat(text(frame)).isEqualTo("\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007"
        + "\\u0008\\t\\n\\u000b\\u000c\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015"
        + "\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"
        + "\\\"\\\\/\u007f\u2028 \u00ff\"");
  }

  @Test
  void emptyFieldsAreEmptyStrings() {
    LogMessage m = LogMessage.newBuilder().setMessage(ByteString.EMPTY).setTimestamp(0)
        .buildPartial();

    assertThat(JsonFrameEncoder.line(m, 0, 0)).isEqualTo("{\"app\":\"\",\"source\":\"\","
        + "\"instance\":\"\",\"type\":\"OUT\",\"timestamp\":0,\"text\":\"\",\"cursor\":\"0:0\"}");
  }

  @Test
  void negativeTimestampIsANegativeNumber() {
    assertThat(JsonFrameEncoder.line(message("x").setTimestamp(-5).build(), 11, 1L << 40))
        .contains("\"timestamp\":-5,").endsWith("\"cursor\":\"11:1099511627776\"}");
  }

  @Test
  void textThatIsNotUtf8BecomesReplacementCharacters() {
    LogMessage m = message("")
        .setMessage(ByteString.copyFrom(new byte[] {'a', (byte) 0xC3, 0x28, 'b', (byte) 0xFF}))
        .build();

    assertThat(text(JsonFrameEncoder.line(m, 0, 0))).isEqualTo("\"a\uFFFD(b\uFFFD\"");
  }

  @Test
  void encodesALossFrame() {
    assertThat(JsonFrameEncoder.loss(5, 10, 20, "slow client")).isEqualTo(
        "{\"type\":\"loss\",\"count\":5,\"from\":10,\"to\":20,\"reason\":\"slow client\"}");
  }

  @Test
  void lossReasonIsEscapedLikeLineText() {
    assertThat(JsonFrameEncoder.loss(1, 0, 0, "a \"b\"\n\u0002\u00e9")).isEqualTo(
        "{\"type\":\"loss\",\"count\":1,\"from\":0,\"to\":0,"
            + "\"reason\":\"a \\\"b\\\"\\n\\u0002\u00e9\"}");
  }
}
