package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressMetadataTest {

  /** Three years of a million lines a second in one partition. */
  private static final long LARGEST_OFFSET = 99_999_999_999_999L;

  @Test
  void encodesTheHeadAndEachDetachedDrain() {
    ProgressMetadata m = new ProgressMetadata(120, Map.of("0123456789ab",
        new ProgressMetadata.Position(40, 57)));

    assertThat(m.encode()).isEqualTo("v1 h=120 0123456789ab=40:57");
    assertThat(ProgressMetadata.decode(m.encode())).isEqualTo(m);
  }

  @Test
  void metadataOfAnotherWriterOrNoneIsNone() {
    assertThat(ProgressMetadata.decode(null)).isEqualTo(ProgressMetadata.NONE);
    assertThat(ProgressMetadata.decode("")).isEqualTo(ProgressMetadata.NONE);
    assertThat(ProgressMetadata.decode("v1 h=x")).isEqualTo(ProgressMetadata.NONE);
    assertThat(ProgressMetadata.decode("v1 h=3 abc")).isEqualTo(ProgressMetadata.NONE);
  }

  @Test
  void theMostDrainsAPartitionKeepsFitKafkasDefaultMetadataLimit() {
    Map<String, ProgressMetadata.Position> drains = new LinkedHashMap<>();
    for (int i = 0; i < ProgressMetadata.MAX_DRAINS; i++) {
      drains.put(String.format(java.util.Locale.ROOT, "%012x", 0xffff_ffff_ffffL - i),
          new ProgressMetadata.Position(LARGEST_OFFSET, LARGEST_OFFSET));
    }

    String text = new ProgressMetadata(LARGEST_OFFSET, drains).encode();

    assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
  }
}
