package io.kloggregator.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads the frames {@link JsonFrameEncoder} writes, with Jackson's streaming parser: one flat
 * JSON object per text, a loss frame when its {@code type} is {@code loss}, else a line frame,
 * which must have a string {@code text}. Fields it does not know (nested ones included) are
 * skipped, and a known field of another JSON type than its own is taken as missing: {@code ""}
 * or 0. Anything else, from bad JSON to a second value after the object, is a
 * {@link MalformedFrameException} saying what is wrong and where; the parser never fails
 * otherwise. Used by the CLI for tail frames and {@code /recent} rows. Thread-safe.
 */
public final class JsonFrameParser {

  private final JsonFactory json = new JsonFactory();

  /**
   * The frame in {@code text}.
   *
   * @throws MalformedFrameException if {@code text} is not a frame
   */
  public JsonFrame parse(String text) {
    if (text == null || text.isBlank()) {
      throw new MalformedFrameException("not a frame: the text is empty");
    }
    try (JsonParser parser = json.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new MalformedFrameException("not a frame: a JSON " + kind(first)
            + " where an object was expected");
      }
      Fields fields = new Fields();
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT;
          token = parser.nextToken()) {
        if (token != JsonToken.FIELD_NAME) {
          throw new MalformedFrameException("not JSON: the object does not end, at column "
              + column(parser.currentTokenLocation()));
        }
        String name = parser.currentName();
        parser.nextToken();
        fields.read(name, parser);
      }
      if (parser.nextToken() != null) {
        throw new MalformedFrameException("not a frame: more JSON after the object, at column "
            + column(parser.currentTokenLocation()));
      }
      return fields.frame(text);
    } catch (JsonProcessingException e) {
      throw new MalformedFrameException("not JSON: " + e.getOriginalMessage() + ", at column "
          + column(e.getLocation()), e);
    } catch (IOException e) {
      // A parser over a String does no I/O.
      throw new UncheckedIOException(e);
    }
  }

  private static String kind(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }

  private static String column(JsonLocation location) {
    return location == null ? "?" : Integer.toString(location.getColumnNr());
  }

  /** The known fields read so far; one per parse, confined to it. */
  private static final class Fields {

    private String app = "";
    private String source = "";
    private String instance = "";
    private String type = "";
    private String text;
    private String cursor = "";
    private String reason = "";
    private long timestamp;
    private long count;
    private long from;
    private long to;

    /** Reads the value the parser is on, the value of field {@code name}. */
    void read(String name, JsonParser parser) throws IOException {
      switch (name) {
        case "app" -> app = string(parser, app);
        case "source" -> source = string(parser, source);
        case "instance" -> instance = string(parser, instance);
        case "type" -> type = string(parser, type);
        case "text" -> text = string(parser, text);
        case "cursor" -> cursor = string(parser, cursor);
        case "reason" -> reason = string(parser, reason);
        case "timestamp" -> timestamp = number(name, parser, timestamp);
        case "count" -> count = number(name, parser, count);
        case "from" -> from = number(name, parser, from);
        case "to" -> to = number(name, parser, to);
        default -> parser.skipChildren();
      }
    }

    JsonFrame frame(String raw) {
      if ("loss".equals(type)) {
        return new LossFrame(count, from, to, reason, raw);
      }
      if (text == null) {
        throw new MalformedFrameException("not a frame: a line frame needs a string \"text\"");
      }
      return new LineFrame(app, source, instance, type, timestamp, text, cursor, raw);
    }

    private static String string(JsonParser parser, String otherwise) throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_STRING) {
        return parser.getText();
      }
      parser.skipChildren();
      return otherwise;
    }

    private static long number(String name, JsonParser parser, long otherwise)
        throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        try {
          return parser.getLongValue();
        } catch (InputCoercionException e) {
          throw new MalformedFrameException("not a frame: \"" + name + "\" is " + parser.getText()
              + ", out of range for a 64-bit integer", e);
        }
      }
      parser.skipChildren();
      return otherwise;
    }
  }
}
