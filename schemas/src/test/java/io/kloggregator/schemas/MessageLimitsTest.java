package io.kloggregator.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MessageLimitsTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Test
  void keepsMessageThatFits() {
    byte[] body = new byte[MessageLimits.MAX_MESSAGE_BYTES];

    assertThat(MessageLimits.truncate(body)).isSameAs(body);
  }

  @Test
  void cutsLongMessageAndMarksIt() {
    byte[] body = new byte[MessageLimits.MAX_MESSAGE_BYTES + 100];
    Arrays.fill(body, (byte) 'a');

    byte[] cut = MessageLimits.truncate(body);

    assertThat(cut).hasSize(MessageLimits.MAX_MESSAGE_BYTES);
    assertThat(new String(cut, StandardCharsets.UTF_8))
        .isEqualTo("a".repeat(MessageLimits.MAX_MESSAGE_BYTES - 9) + "TRUNCATED");
  }

  @Test
  void neverSplitsAMultiByteCharacter() {
    String euro = "€".repeat(4000); // 3 bytes each: the cut point falls inside one of them
    byte[] cut = MessageLimits.truncate(euro.getBytes(StandardCharsets.UTF_8));

    String text = new String(cut, StandardCharsets.UTF_8);

    // 8695 bytes may be kept: 2898 euros are 8694.
    assertThat(text).isEqualTo("€".repeat(2898) + "TRUNCATED");
    assertThat(cut).hasSize(MessageLimits.MAX_MESSAGE_BYTES - 1);
  }

  @Test
  void aLineOfTheLimitIsCopiedAsIs() {
    byte[] line = utf8("--abcdefghijklmn--");

    assertThat(MessageLimits.truncate(line, 2, 14, 14)).isEqualTo(utf8("abcdefghijklmn"));
  }

  @Test
  void cutsASliceOfABufferToItsLimitWithTheMarker() {
    byte[] buffer = utf8("--abcdefghijklmno--");

    // 15 bytes, limit 14: 5 kept + 9 marker.
    assertThat(hex(MessageLimits.truncate(buffer, 2, 15, 14)))
        .isEqualTo("6162636465" + "5452554e43415445" + "44");
  }

  @Test
  void twoByteCharacterAtTheBoundaryIsLeftOutWhole() {
    // 12 bytes fit whole; past the limit 14 keeps 5 bytes: "abcd" and half an é would be 5.
    assertThat(hex(MessageLimits.truncate(utf8("abcd\u00e9fghijk"), 0, 12, 14)))
        .isEqualTo("61626364c3a9666768696a6b");
    assertThat(hex(MessageLimits.truncate(utf8("abcd\u00e9fghijklm"), 0, 15, 14)))
        .isEqualTo("61626364" + "5452554e4341544544");
    assertThat(hex(MessageLimits.truncate(utf8("abc\u00e9fghijklmn"), 0, 15, 14)))
        .isEqualTo("616263c3a9" + "5452554e4341544544");
  }

  @Test
  void threeAndFourByteCharactersAtTheBoundaryAreLeftOutWhole() {
    // Keep 5 bytes at most; "ab" + 中 (e4b8ad) is exactly 5, "ab" + 😀 (f09f9880) is 6.
    assertThat(hex(MessageLimits.truncate(utf8("ab\u4e2d" + "x".repeat(20)), 0, 25, 14)))
        .isEqualTo("6162e4b8ad" + "5452554e4341544544");
    assertThat(hex(MessageLimits.truncate(utf8("abc\u4e2d" + "x".repeat(20)), 0, 26, 14)))
        .isEqualTo("616263" + "5452554e4341544544");
    assertThat(hex(MessageLimits.truncate(utf8("ab\ud83d\ude00" + "x".repeat(20)), 0, 26, 14)))
        .isEqualTo("6162" + "5452554e4341544544");
    assertThat(hex(MessageLimits.truncate(utf8("a\ud83d\ude00" + "x".repeat(20)), 0, 25, 14)))
        .isEqualTo("61f09f9880" + "5452554e4341544544");
  }

  @Test
  void bytesThatAreNotUtf8AreStillCut() {
    byte[] continuations = new byte[30];
    Arrays.fill(continuations, (byte) 0x80);

    // At most three continuation bytes are stepped back over: 5 - 3 = 2 kept.
    assertThat(hex(MessageLimits.truncate(continuations, 0, 30, 14)))
        .isEqualTo("8080" + "5452554e4341544544");
  }

  @Test
  void aLimitBelowTheMarkerIsRefused() {
    assertThatThrownBy(() -> MessageLimits.truncate(new byte[20], 0, 20, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be at least 9, was 8");
  }

  @Test
  void aLimitOfTheMarkerKeepsOnlyTheMarker() {
    assertThat(new String(MessageLimits.truncate(utf8("0123456789"), 0, 10, 9),
        StandardCharsets.UTF_8)).isEqualTo("TRUNCATED");
  }
}
