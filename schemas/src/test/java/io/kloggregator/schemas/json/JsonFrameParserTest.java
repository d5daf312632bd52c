package io.kloggregator.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonFrameParserTest {

  private final JsonFrameParser parser = new JsonFrameParser();

  @Test
  void readsTheGatewaysLineFrame() {
    String json = "{\"app\":\"a1\",\"source\":\"App\",\"instance\":\"0\",\"type\":\"ERR\","
        + "\"timestamp\":1764064800123456789,\"text\":\"caf\\u00e9 \\\"q\\\"\\n2\","
        + "\"cursor\":\"3:42\"}";

    assertThat(parser.parse(json)).isEqualTo(new LineFrame("a1", "App", "0", "ERR",
        1764064800123456789L, "caf\u00e9 \"q\"\n2", "3:42", json));
  }

  @Test
  void readsTheLossFrame() {
    String json = "{\"type\":\"loss\",\"count\":7,\"from\":10,\"to\":20,\"reason\":\"slow\"}";

    assertThat(parser.parse(json)).isEqualTo(new LossFrame(7, 10, 20, "slow", json));
  }

  @Test
  void missingFieldsAreEmptyOrZero() {
    assertThat(parser.parse("{\"text\":\"t\"}"))
        .isEqualTo(new LineFrame("", "", "", "", 0, "t", "", "{\"text\":\"t\"}"));
    assertThat(parser.parse("{\"type\":\"loss\"}"))
        .isEqualTo(new LossFrame(0, 0, 0, "", "{\"type\":\"loss\"}"));
  }

  @Test
  void ignoresUnknownFieldsIncludingNestedOnes() {
    String json = "{\"text\":\"t\",\"extra\":{\"a\":[1,2,{\"text\":\"no\"}]},\"type\":\"OUT\","
        + "\"flag\":true,\"huge\":123456789012345678901234567890}";

    assertThat(parser.parse(json)).isEqualTo(new LineFrame("", "", "", "OUT", 0, "t", "", json));
  }

  @Test
  void knownFieldsOfAnotherTypeCountAsMissing() {
    String json = "{\"text\":\"t\",\"app\":5,\"timestamp\":\"12\",\"cursor\":null,"
        + "\"source\":[\"App\"],\"instance\":{\"i\":1},\"type\":1.5}";

    assertThat(parser.parse(json)).isEqualTo(new LineFrame("", "", "", "", 0, "t", "", json));
  }

  @Test
  void rejectsTextThatIsNotJsonSayingWhere() {
    assertThatThrownBy(() -> parser.parse("not json"))
        .isInstanceOf(MalformedFrameException.class).hasMessageStartingWith("not JSON: ")
        .hasMessageContaining("at column ");
    assertThatThrownBy(() -> parser.parse("{\"text\":\"unterminated"))
        .isInstanceOf(MalformedFrameException.class).hasMessageStartingWith("not JSON: ");
    assertThatThrownBy(() -> parser.parse("{\"text\":\"t\","))
        .isInstanceOf(MalformedFrameException.class).hasMessageStartingWith("not JSON: ");
    assertThatThrownBy(() -> parser.parse("{\"text\":\"bad \\x escape\"}"))
        .isInstanceOf(MalformedFrameException.class).hasMessageStartingWith("not JSON: ");
    assertThatThrownBy(() -> parser.parse("{text:\"t\"}"))
        .isInstanceOf(MalformedFrameException.class).hasMessageStartingWith("not JSON: ");
  }

  @Test
  void rejectsJsonThatIsNotAnObject() {
    assertThatThrownBy(() -> parser.parse("[1,2]")).isInstanceOf(MalformedFrameException.class)
        .hasMessage("not a frame: a JSON array where an object was expected");
    assertThatThrownBy(() -> parser.parse("\"text\"")).isInstanceOf(MalformedFrameException.class)
        .hasMessage("not a frame: a JSON string where an object was expected");
    assertThatThrownBy(() -> parser.parse("null")).isInstanceOf(MalformedFrameException.class)
        .hasMessage("not a frame: a JSON null where an object was expected");
  }

  @Test
  void rejectsALineFrameWithoutText() {
    assertThatThrownBy(() -> parser.parse("{\"app\":\"a\"}"))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessage("not a frame: a line frame needs a string \"text\"");
    assertThatThrownBy(() -> parser.parse("{\"text\":7}"))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessage("not a frame: a line frame needs a string \"text\"");
  }

  @Test
  void rejectsEmptyText() {
    assertThatThrownBy(() -> parser.parse("")).isInstanceOf(MalformedFrameException.class)
        .hasMessage("not a frame: the text is empty");
    assertThatThrownBy(() -> parser.parse(" \n")).isInstanceOf(MalformedFrameException.class)
        .hasMessage("not a frame: the text is empty");
    assertThatThrownBy(() -> parser.parse(null)).isInstanceOf(MalformedFrameException.class)
        .hasMessage("not a frame: the text is empty");
  }

  @Test
  void rejectsMoreJsonAfterTheObject() {
    assertThatThrownBy(() -> parser.parse("{\"text\":\"a\"}{\"text\":\"b\"}"))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessage("not a frame: more JSON after the object, at column 13");
  }

  @Test
  void rejectsAKnownNumberOutOfRange() {
    assertThatThrownBy(() -> parser.parse("{\"text\":\"t\",\"timestamp\":99999999999999999999}"))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessage("not a frame: \"timestamp\" is 99999999999999999999, out of range for a 64-bit"
            + " integer");
  }

  @Test
  void deeplyNestedJsonIsAnErrorNotACrash() {
    String deep = "{\"text\":\"t\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

    assertThatThrownBy(() -> parser.parse(deep)).isInstanceOf(MalformedFrameException.class)
        .hasMessageStartingWith("not JSON: ");
  }
}
