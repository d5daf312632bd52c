package io.kloggregator.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MessageLimitsTest {

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
    assertThat(new String(cut, StandardCharsets.UTF_8)).endsWith("aTRUNCATED");
  }

  @Test
  void neverSplitsAMultiByteCharacter() {
    String euro = "€".repeat(4000); // 3 bytes each: the cut point falls inside one of them
    byte[] cut = MessageLimits.truncate(euro.getBytes(StandardCharsets.UTF_8));

    String text = new String(cut, StandardCharsets.UTF_8);

    assertThat(text).doesNotContain("\uFFFD").endsWith("€TRUNCATED");
    assertThat(cut.length).isLessThanOrEqualTo(MessageLimits.MAX_MESSAGE_BYTES);
  }
}
