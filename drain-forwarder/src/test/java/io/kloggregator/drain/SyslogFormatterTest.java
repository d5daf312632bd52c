package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SyslogFormatterTest {

  private static final long TS = 1_764_038_100_123_456_789L; // 2025-11-25T02:35:00.123456789Z

  private static LogMessage.Builder message(String text) {
    return LogMessage.newBuilder()
        .setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(LogMessage.MessageType.OUT)
        .setTimestamp(TS)
        .setAppId("6f0b0c5a-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
        .setSourceName("App")
        .setSourceId("3");
  }

  private static String format(LogMessage m) {
    return new String(SyslogFormatter.format(m), StandardCharsets.UTF_8);
  }

  @Test
  void outLineOfAnAppInstanceIsTheOriginalLayout() {
    assertThat(format(message("hello world").build())).isEqualTo(
        "<14>1 2025-11-25T02:35:00.123456+00:00 loggregator "
            + "6f0b0c5a-1c2d-4e5f-8a9b-0c1d2e3f4a5b [App/3] - - hello world\n");
  }

  @Test
  void errLineHasPriorityEleven() {
    assertThat(format(message("boom").setMessageType(LogMessage.MessageType.ERR).build()))
        .startsWith("<11>1 ");
  }

  @Test
  void otherSourcesUseTheirNameAsProcId() {
    assertThat(format(message("200 GET /").setSourceName("RTR").setSourceId("ignored").build()))
        .contains(" [RTR] - - 200 GET /\n");
  }

  @Test
  void timestampKeepsMicrosecondsAndZeroPads() {
    assertThat(format(message("x").setTimestamp(1_385_856_000_000_001_000L).build()))
        .contains(" 2013-12-01T00:00:00.000001+00:00 ");
  }

  @Test
  void nulBytesAreRemovedAndOneNewlineEndsTheMessage() {
    LogMessage m = message("").setMessage(ByteString.copyFrom(new byte[] {'a', 0, 'b', 0})).build();
    assertThat(format(m)).endsWith(" - - ab\n");
  }

  @Test
  void existingTrailingNewlineIsNotDoubled() {
    assertThat(format(message("done\n").build())).endsWith(" - - done\n");
  }

  @Test
  void multiLineMessageStaysOneMessage() {
    assertThat(format(message("line one\nline two").build()))
        .endsWith(" - - line one\nline two\n");
  }

  @Test
  void utf8BodyIsWrittenAsItsBytes() {
    byte[] out = SyslogFormatter.format(message("é").build());
    assertThat(HexFormat.of().formatHex(out, out.length - 5, out.length)).isEqualTo("2d20c3a90a");
  }
}
