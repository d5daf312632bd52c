package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
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
}
