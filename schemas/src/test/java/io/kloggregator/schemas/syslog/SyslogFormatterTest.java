package io.kloggregator.schemas.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SyslogFormatterTest {

  private static final long TS = 1_764_038_100_123_456_789L; // 2025-11-25T02:35:00.123456789Z
  private static final String APP = "6f0b0c5a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
  private static final String HEADER = "<14>1 2025-11-25T02:35:00.123456+00:00 loggregator " + APP;

  private static LogMessage.Builder message(String text) {
    return LogMessage.newBuilder()
        .setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(LogMessage.MessageType.OUT)
        .setTimestamp(TS)
        .setAppId(APP)
        .setSourceName("App")
        .setSourceId("3");
  }

  private static String format(LogMessage.Builder m) {
    return new String(SyslogFormatter.format(m.build()), StandardCharsets.UTF_8);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Test
  void outLineOfAnAppInstanceIsTheOriginalLayout() {
    assertThat(format(message("hello world")))
        .isEqualTo(HEADER + " [App/3] - - hello world\n");
  }

  @Test
  void outLineBytesAreExactlyTheGoldenBytes() {
    LogMessage m = message("hi").setAppId("a").setTimestamp(0).build();

    // "<14>1 1970-01-01T00:00:00.000000+00:00 loggregator a [App/3] - - hi\n"
    assertThat(hex(SyslogFormatter.format(m))).isEqualTo("3c31343e312031393730"
        + "2d30312d30315430303a30303a30302e3030303030302b30303a3030206c6f67677265676174"
        + "6f722061205b4170702f335d202d202d2068690a");
  }

  @Test
  void stderrLineHasPriorityElevenAndStdoutFourteen() {
    assertThat(format(message("boom").setMessageType(LogMessage.MessageType.ERR)))
        .isEqualTo("<11>1 2025-11-25T02:35:00.123456+00:00 loggregator " + APP
            + " [App/3] - - boom\n");
    assertThat(format(message("fine").setMessageType(LogMessage.MessageType.OUT)))
        .startsWith("<14>1 ");
  }

  @Test
  void aMessageWithoutATypeIsStdout() {
    LogMessage m = message("x").clearMessageType().buildPartial();

    assertThat(new String(SyslogFormatter.format(m), StandardCharsets.UTF_8)).startsWith("<14>1 ");
  }

  @Test
  void otherSourcesUseTheirNameAsProcIdWithoutTheSourceId() {
    assertThat(format(message("200 GET /").setSourceName("RTR").setSourceId("7")))
        .isEqualTo(HEADER + " [RTR] - - 200 GET /\n");
    assertThat(format(message("dropped 3").setSourceName("LGR").clearSourceId()))
        .isEqualTo(HEADER + " [LGR] - - dropped 3\n");
  }

  @Test
  void emptySourceNameIsEmptyBracketsAsTheOriginalWroteIt() {
    assertThat(format(message("x").setSourceName(""))).isEqualTo(HEADER + " [] - - x\n");
    assertThat(format(message("x").clearSourceName())).isEqualTo(HEADER + " [] - - x\n");
  }

  @Test
  void appLineWithoutASourceIdHasAnEmptyIndex() {
    assertThat(format(message("x").clearSourceId())).isEqualTo(HEADER + " [App/] - - x\n");
  }

  @Test
  void emptyAppIdIsTheNilValue() {
    assertThat(format(message("x").setAppId("")))
        .isEqualTo("<14>1 2025-11-25T02:35:00.123456+00:00 loggregator - [App/3] - - x\n");
  }

  @Test
  void headerFieldsKeepPrintableAsciiAndWriteUnderscoreForTheRest() {
    assertThat(format(message("x").setAppId("my app\u00e9\t").setSourceName("\u00dcn\u00ef t")))
        .isEqualTo("<14>1 2025-11-25T02:35:00.123456+00:00 loggregator my_app__ [_n__t] - - x\n");
  }

  @Test
  void headerFieldsAreCutToTheirRfcMaximum() {
    String line = format(message("x").setAppId("a".repeat(60)).setSourceName("S".repeat(200)));

    // APP-NAME 48, PROCID 128 (the closing bracket falls past the cut).
    assertThat(line).isEqualTo("<14>1 2025-11-25T02:35:00.123456+00:00 loggregator "
        + "a".repeat(48) + " [" + "S".repeat(127) + " - - x\n");
  }

  @Test
  void timestampKeepsMicrosecondsAndZeroPads() {
    assertThat(format(message("x").setTimestamp(1_385_856_000_000_001_000L)))
        .contains(" 2013-12-01T00:00:00.000001+00:00 ");
    assertThat(format(message("x").setTimestamp(1_385_856_000_000_000_999L)))
        .contains(" 2013-12-01T00:00:00.000000+00:00 ");
  }

  @Test
  void timestampBeforeTheEpochCountsBackwards() {
    assertThat(format(message("x").setTimestamp(-1_000L)))
        .contains(" 1969-12-31T23:59:59.999999+00:00 ");
  }

  @Test
  void nulBytesAreRemovedAndOneNewlineEndsTheMessage() {
    LogMessage.Builder m = message("").setMessage(ByteString.copyFrom(new byte[] {'a', 0, 'b', 0}));

    assertThat(format(m)).isEqualTo(HEADER + " [App/3] - - ab\n");
  }

  @Test
  void existingTrailingNewlineIsNotDoubled() {
    assertThat(format(message("done\n"))).isEqualTo(HEADER + " [App/3] - - done\n");
    assertThat(format(message("").setMessage(ByteString.copyFrom(new byte[] {'d', '\n', 0}))))
        .isEqualTo(HEADER + " [App/3] - - d\n");
  }

  @Test
  void multiLineMessageStaysOneMessageWithItsNewlinesAndCarriageReturns() {
    assertThat(format(message("line one\nline two\r\n\nthree")))
        .isEqualTo(HEADER + " [App/3] - - line one\nline two\r\n\nthree\n");
  }

  @Test
  void emptyBodyIsJustTheNewline() {
    assertThat(format(message(""))).isEqualTo(HEADER + " [App/3] - - \n");
    assertThat(format(message("").setMessage(ByteString.copyFrom(new byte[] {0, 0}))))
        .isEqualTo(HEADER + " [App/3] - - \n");
  }

  @Test
  void nonAsciiBodyIsWrittenAsItsUtf8Bytes() {
    byte[] out = SyslogFormatter.format(message("\u00e9\u4e2d\ud83d\ude00").build());

    // "- - " then é (c3a9), 中 (e4b8ad), 😀 (f09f9880), LF.
    assertThat(hex(out).substring(hex(out).lastIndexOf("2d202d20")))
        .isEqualTo("2d202d20c3a9e4b8adf09f98800a");
  }

  @Test
  void bodyBytesThatAreNotUtf8PassThroughUnchanged() {
    LogMessage m = message("")
        .setMessage(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xc3, '('})).build();

    byte[] out = SyslogFormatter.format(m);

    assertThat(hex(out)).endsWith("2d202d20ffc3280a");
  }
}
