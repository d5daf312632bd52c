package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SyslogFramerTest {

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
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
    byte[] msg = "é\n".getBytes(StandardCharsets.UTF_8);

    assertThat(new String(SyslogFramer.OCTET_COUNTING.frame(msg), StandardCharsets.UTF_8))
        .isEqualTo("3 é\n");
  }

  @Test
  void octetCountIncludesEmbeddedNewlines() {
    byte[] msg = "a\nb\n".getBytes(StandardCharsets.UTF_8);

    assertThat(new String(SyslogFramer.OCTET_COUNTING.frame(msg), StandardCharsets.UTF_8))
        .isEqualTo("4 a\nb\n");
  }

  @Test
  void newlineFramingSendsTheMessageAsIs() {
    byte[] msg = "<11>1 y\n".getBytes(StandardCharsets.UTF_8);

    assertThat(hex(SyslogFramer.NEWLINE.frame(msg))).isEqualTo("3c31313e3120790a");
  }
}
