package io.kloggregator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameParserTest {

  private final FrameParser parser = new FrameParser();

  @Test
  void readsTheGatewaysLineFrame() {
    String json = "{\"app\":\"a1\",\"source\":\"App\",\"instance\":\"0\",\"type\":\"ERR\","
        + "\"timestamp\":1764064800123456789,\"text\":\"caf\\u00e9 \\\"q\\\"\\n2\","
        + "\"cursor\":\"3:42\"}";

    assertThat(parser.parse(json)).contains(new LogLine("a1", "App", "0", "ERR",
        1764064800123456789L, "café \"q\"\n2", "3:42", json));
  }

  @Test
  void readsTheLossFrame() {
    String json = "{\"type\":\"loss\",\"count\":7,\"from\":10,\"to\":20,\"reason\":\"slow\"}";

    assertThat(parser.parse(json)).contains(new LossNotice(7, 10, 20, "slow", json));
  }

  @Test
  void ignoresUnknownFieldsIncludingNestedOnes() {
    String json = "{\"text\":\"t\",\"extra\":{\"a\":[1,2]},\"type\":\"OUT\",\"flag\":true}";

    assertThat(parser.parse(json)).hasValueSatisfying(frame ->
        assertThat(((LogLine) frame).text()).isEqualTo("t"));
  }

  @Test
  void rejectsWhatIsNotAFrame() {
    assertThat(parser.parse("not json")).isEmpty();
    assertThat(parser.parse("[1,2]")).isEmpty();
    assertThat(parser.parse("{\"app\":\"a\"}")).isEmpty();
    assertThat(parser.parse("{\"text\":\"unterminated")).isEmpty();
    assertThat(parser.parse("")).isEmpty();
  }
}
