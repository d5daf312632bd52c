package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineJsonTest {

  @Test
  void encodesALineWithItsCursor() {
    LogMessage message = LogMessage.newBuilder().setAppId("app").setSourceName("App")
        .setSourceId("0").setMessageType(LogMessage.MessageType.ERR).setTimestamp(1234567890123L)
        .setMessage(ByteString.copyFromUtf8("héllo \"quoted\"\n\ttab \u0001")).build();

    assertThat(LineJson.encode(message, 3, 42)).isEqualTo("{\"app\":\"app\",\"source\":\"App\","
        + "\"instance\":\"0\",\"type\":\"ERR\",\"timestamp\":1234567890123,"
        + "\"text\":\"héllo \\\"quoted\\\"\\n\\ttab \\u0001\",\"cursor\":\"3:42\"}");
  }

  @Test
  void encodesALossFrame() {
    assertThat(LineJson.loss(5, 10, 20, "slow client")).isEqualTo(
        "{\"type\":\"loss\",\"count\":5,\"from\":10,\"to\":20,\"reason\":\"slow client\"}");
  }

  @Test
  void textThatIsNotUtf8BecomesReplacementCharacters() {
    LogMessage message = LogMessage.newBuilder().setAppId("app").setSourceName("App")
        .setSourceId("0").setMessageType(LogMessage.MessageType.OUT).setTimestamp(1)
        .setMessage(ByteString.copyFrom(new byte[] {'a', (byte) 0xC3, 0x28, 'b', (byte) 0xFF}))
        .build();

    assertThat(LineJson.encode(message, 0, 0)).contains("\"text\":\"a\uFFFD(b\uFFFD\"");
  }

  @Test
  void everyTextComesBackFromAJsonParserUnchanged() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Random random = new Random(5);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int j = random.nextInt(40); j > 0; j--) {
        text.appendCodePoint(switch (random.nextInt(4)) {
          case 0 -> random.nextInt(0x80);
          case 1 -> 0x80 + random.nextInt(0x780);
          case 2 -> 0x4E00 + random.nextInt(0x100);
          default -> 0x1F600 + random.nextInt(0x40);
        });
      }
      String app = "app-\"" + i + "\\";
      LogMessage message = LogMessage.newBuilder().setAppId(app).setSourceName("APP/PROC")
          .setSourceId(Integer.toString(i)).setTimestamp(random.nextLong())
          .setMessageType(i % 2 == 0 ? LogMessage.MessageType.OUT : LogMessage.MessageType.ERR)
          .setMessage(ByteString.copyFromUtf8(text.toString())).build();

      byte[] frame = LineJson.encodeUtf8(message, i % 12, i * 1_000L);

      JsonNode node = json.readTree(frame);
      assertThat(node.get("text").asText()).isEqualTo(text.toString());
      assertThat(node.get("app").asText()).isEqualTo(app);
      assertThat(node.get("timestamp").asLong()).isEqualTo(message.getTimestamp());
      assertThat(node.get("cursor").asText()).isEqualTo((i % 12) + ":" + i * 1_000L);
    }
  }
}
