package io.kloggregator.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the gateway's flat JSON frames (line and loss) with Jackson's streaming parser. A frame
 * that is not a flat JSON object, or a line without {@code text}, is rejected: the caller counts
 * and skips it. Thread-safe.
 */
final class FrameParser {

  private final JsonFactory json = new JsonFactory();

  /** The frame in {@code text}, or empty when it is not one the CLI understands. */
  Optional<Frame> parse(String text) {
    Map<String, Object> fields;
    try {
      fields = fields(text);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    if (fields == null) {
      return Optional.empty();
    }
    if ("loss".equals(fields.get("type"))) {
      return Optional.of(new LossNotice(number(fields, "count"), number(fields, "from"),
          number(fields, "to"), string(fields, "reason"), text));
    }
    if (!(fields.get("text") instanceof String)) {
      return Optional.empty();
    }
    return Optional.of(new LogLine(string(fields, "app"), string(fields, "source"),
        string(fields, "instance"), string(fields, "type"), number(fields, "timestamp"),
        string(fields, "text"), string(fields, "cursor"), text));
  }

  private Map<String, Object> fields(String text) throws IOException {
    try (JsonParser parser = json.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, Object> fields = new HashMap<>();
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT;
          token = parser.nextToken()) {
        if (token != JsonToken.FIELD_NAME) {
          return null;
        }
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (value) {
          case VALUE_STRING -> fields.put(name, parser.getText());
          case VALUE_NUMBER_INT -> fields.put(name, parser.getLongValue());
          case VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL ->
              fields.put(name, parser.getText());
          default -> parser.skipChildren();
        }
      }
      return fields;
    }
  }

  private static String string(Map<String, Object> fields, String name) {
    Object value = fields.get(name);
    return value instanceof String s ? s : "";
  }

  private static long number(Map<String, Object> fields, String name) {
    Object value = fields.get(name);
    return value instanceof Long n ? n : 0L;
  }
}
