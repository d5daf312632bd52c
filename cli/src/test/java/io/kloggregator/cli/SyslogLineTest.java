package io.kloggregator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SyslogLineTest {

  @Test
  void appLineIsTheOriginalsRfc5424LayoutOctetCounted() {
    LogMessage m = LogMessage.newBuilder().setAppId("app-1").setSourceName("App")
        .setSourceId("3").setMessageType(LogMessage.MessageType.OUT)
        .setTimestamp(1764064800_123456789L).setMessage(ByteString.copyFromUtf8("héllo")).build();

    byte[] framed = SyslogLine.octetCounted(SyslogLine.format(m));

    String line = "<14>1 2025-11-25T10:00:00.123456+00:00 loggregator app-1 [App/3] - - héllo\n";
    assertThat(new String(framed, StandardCharsets.UTF_8))
        .isEqualTo(line.getBytes(StandardCharsets.UTF_8).length + " " + line);
  }

  @Test
  void errFromASystemSourceUsesPri11AndTheSourceNameAndDropsNulBytes() {
    LogMessage m = LogMessage.newBuilder().setAppId("app-1").setSourceName("RTR")
        .setMessageType(LogMessage.MessageType.ERR).setTimestamp(0)
        .setMessage(ByteString.copyFrom(new byte[] {'a', 0, 'b', '\n'})).build();

    assertThat(new String(SyslogLine.format(m), StandardCharsets.UTF_8))
        .isEqualTo("<11>1 1970-01-01T00:00:00.000000+00:00 loggregator app-1 [RTR] - - ab\n");
  }
}
