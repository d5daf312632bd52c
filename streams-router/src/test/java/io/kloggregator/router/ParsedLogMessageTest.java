package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.StoredLine;
import org.junit.jupiter.api.Test;

/** The hand-written StoredLine encoding must be byte for byte what protobuf writes. */
class ParsedLogMessageTest {

  private static final LogMessage MESSAGE = LogMessage.newBuilder()
      .setMessage(ByteString.copyFromUtf8("héllo wörld")).setAppId("app-a")
      .setMessageType(LogMessage.MessageType.ERR).setTimestamp(1_764_000_000_123_456_789L)
      .setSourceId("3").setSourceName("APP/PROC/WEB").build();

  @Test
  void storedLineMatchesProtobufForEveryPartitionAndOffsetShape() {
    long[][] cases = {{0, 0}, {0, 1}, {1, 0}, {11, 127}, {11, 128}, {2_147_483_647L,
        Long.MAX_VALUE}, {5, 9_876_543_210L}};
    for (long[] c : cases) {
      assertThat(ParsedLogMessage.of(MESSAGE).storedLine((int) c[0], c[1]))
          .as("partition %d offset %d", c[0], c[1])
          .isEqualTo(StoredLine.newBuilder().setLogMessage(MESSAGE).setPartition((int) c[0])
              .setOffset(c[1]).build().toByteArray());
    }
  }

  @Test
  void storesTheBytesItWasGivenNotAReEncoding() throws Exception {
    byte[] raw = MESSAGE.toByteArray();

    StoredLine back = StoredLine.parseFrom(new ParsedLogMessage(MESSAGE, raw).storedLine(1, 2));

    assertThat(back.getLogMessage().toByteArray()).isEqualTo(raw);
    assertThat(back.getLogMessage()).isEqualTo(MESSAGE);
  }
}
