package io.kloggregator.schemas.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SyslogFramerTest {

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void octetCountingPrefixesTheByteLengthAndASpace() {
    byte[] msg = "<14>1 x\n".getBytes(StandardCharsets.UTF_8);

    byte[] framed = SyslogFramer.OCTET_COUNTING.frame(msg);

    // "8 <14>1 x\n"
    assertThat(hex(framed)).isEqualTo("38203c31343e3120780a");
  }

  @Test
  void octetCountCountsUtf8BytesNotCharacters() {
    byte[] msg = "\u00e9\ud83d\ude00\n".getBytes(StandardCharsets.UTF_8);

    assertThat(hex(SyslogFramer.OCTET_COUNTING.frame(msg))).isEqualTo("3720c3a9f09f98800a");
  }

  @Test
  void octetCountIncludesEmbeddedNewlines() {
    byte[] msg = "a\nb\n".getBytes(StandardCharsets.UTF_8);

    assertThat(utf8(SyslogFramer.OCTET_COUNTING.frame(msg))).isEqualTo("4 a\nb\n");
  }

  @Test
  void octetCountHasAsManyDigitsAsTheLengthNeeds() {
    byte[] msg = ("x".repeat(1233) + "\n").getBytes(StandardCharsets.UTF_8);

    assertThat(utf8(SyslogFramer.OCTET_COUNTING.frame(msg)))
        .isEqualTo("1234 " + "x".repeat(1233) + "\n");
  }

  @Test
  void newlineFramingSendsTheMessageAsIs() {
    byte[] msg = "<11>1 y\n".getBytes(StandardCharsets.UTF_8);

    assertThat(hex(SyslogFramer.NEWLINE.frame(msg))).isEqualTo("3c31313e3120790a");
  }

  @Test
  void aFormattedLineOctetCountedIsTheGoldenFrame() {
    LogMessage m = LogMessage.newBuilder().setAppId("app-1").setSourceName("App")
        .setSourceId("3").setMessageType(LogMessage.MessageType.ERR)
        .setTimestamp(1_764_064_800_123_456_789L).setMessage(ByteString.copyFromUtf8("h\u00e9"))
        .build();

    byte[] framed = SyslogFramer.OCTET_COUNTING.frame(SyslogFormatter.format(m));

    // 73 bytes: the é is two.
    assertThat(utf8(framed)).isEqualTo(
        "73 <11>1 2025-11-25T10:00:00.123456+00:00 loggregator app-1 [App/3] - - h\u00e9\n");
    assertThat(hex(framed)).endsWith("202d202d2068c3a90a");
  }
}
