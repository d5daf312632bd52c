package io.kloggregator.schemas.json;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the JSON text frames of the gateway's tail, dump and {@code /recent} (and of
 * {@code logs replay --format json}), the one encoder of kloggregator; {@link JsonFrameParser}
 * reads them. A line frame is one object,
 * {@code {"app":"...","source":"...","instance":"...","type":"OUT|ERR","timestamp":NANOS,
 * "text":"...","cursor":"PARTITION:OFFSET"}}, fields in that order; the loss frame is
 * {@code {"type":"loss","count":N,"from":NANOS,"to":NANOS,"reason":"..."}}. Strings are escaped
 * as RFC 8259 §7 requires and no more: quote, backslash, LF, CR and tab as two-character escapes
 * ({@code \n}), every other control character as a six-character one with lower-case hex
 * (backslash, {@code u001f}); everything else, non-ASCII included, is written as its UTF-8
 * bytes. Built for the gateway's hot path: a line frame is written straight from the message's
 * bytes into one exactly sized array. Stateless, thread-safe.
 */
public final class JsonFrameEncoder {

  /** The bytes of {@link #lineUtf8}'s fixed text: names, colons, commas, braces, quotes. */
  private static final int FIXED_BYTES = ("{\"app\":,\"source\":,\"instance\":,\"type\":\"\""
      + ",\"timestamp\":,\"text\":,\"cursor\":\"\"}").length();

  private JsonFrameEncoder() {
  }

  /** The line frame of {@code message}, read from the log topic at {@code partition:offset}. */
  public static String line(LogMessage message, int partition, long offset) {
    return new String(lineUtf8(message, partition, offset), StandardCharsets.UTF_8);
  }

  /**
   * The line's frame as UTF-8, written straight from the message's bytes: no String is built
   * for the text (the bulk of a line), once per line however many sockets take it. A field that
   * is not valid UTF-8 goes through a String first, so each bad sequence becomes U+FFFD.
   */
  public static byte[] lineUtf8(LogMessage message, int partition, long offset) {
    ByteString appId = validUtf8(message.getAppIdBytes());
    ByteString source = validUtf8(message.getSourceNameBytes());
    ByteString instance = validUtf8(message.getSourceIdBytes());
    ByteString text = validUtf8(message.getMessage());
    String type = message.getMessageType().name();
    String timestamp = Long.toString(message.getTimestamp());
    String cursor = partition + ":" + offset;
    // Sized exactly, so the array is neither grown nor trimmed.
    Utf8Writer out = new Utf8Writer(FIXED_BYTES + Utf8Writer.quotedLength(appId)
        + Utf8Writer.quotedLength(source) + Utf8Writer.quotedLength(instance) + type.length()
        + timestamp.length() + Utf8Writer.quotedLength(text) + cursor.length());
    out.ascii("{\"app\":").quoted(appId).ascii(",\"source\":").quoted(source)
        .ascii(",\"instance\":").quoted(instance)
        .ascii(",\"type\":\"").ascii(type)
        .ascii("\",\"timestamp\":").ascii(timestamp)
        .ascii(",\"text\":").quoted(text)
        .ascii(",\"cursor\":\"").ascii(cursor).ascii("\"}");
    return out.toByteArray();
  }

  /** {@code bytes}, or (proto2 does not check string fields) its bad sequences as U+FFFD. */
  private static ByteString validUtf8(ByteString bytes) {
    return bytes.isValidUtf8() ? bytes : ByteString.copyFromUtf8(bytes.toStringUtf8());
  }

  /** The frame telling a client that {@code count} lines stamped {@code from..to} were dropped. */
  public static String loss(long count, long fromNanos, long toNanos, String reason) {
    StringBuilder out = new StringBuilder(96);
    out.append("{\"type\":\"loss\",\"count\":").append(count)
        .append(",\"from\":").append(fromNanos)
        .append(",\"to\":").append(toNanos)
        .append(",\"reason\":");
    quote(out, reason);
    return out.append('}').toString();
  }

  private static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * A byte array being filled with JSON. Escapes work byte by byte: every byte JSON escapes is
   * ASCII, and no byte of a multi-byte UTF-8 sequence is. Not thread-safe.
   */
  private static final class Utf8Writer {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int size;

    Utf8Writer(int capacity) {
      bytes = new byte[capacity];
    }

    /** The bytes {@link #quoted} appends for {@code text}. */
    static int quotedLength(ByteString text) {
      int length = 2;
      for (int i = 0; i < text.size(); i++) {
        byte b = text.byteAt(i);
        if (b == '"' || b == '\\' || b == '\n' || b == '\r' || b == '\t') {
          length += 2;
        } else if (b >= 0 && b < 0x20) {
          length += 6;
        } else {
          length++;
        }
      }
      return length;
    }

    /** Appends {@code text}, which must be ASCII with nothing to escape. */
    Utf8Writer ascii(String text) {
      ensure(text.length());
      for (int i = 0; i < text.length(); i++) {
        bytes[size++] = (byte) text.charAt(i);
      }
      return this;
    }

    /** Appends valid UTF-8 {@code text} as a JSON string. */
    Utf8Writer quoted(ByteString text) {
      ensure(text.size() + 2);
      bytes[size++] = '"';
      for (int i = 0; i < text.size(); i++) {
        byte b = text.byteAt(i);
        switch (b) {
          case '"' -> escape('"');
          case '\\' -> escape('\\');
          case '\n' -> escape('n');
          case '\r' -> escape('r');
          case '\t' -> escape('t');
          default -> {
            if (b >= 0 && b < 0x20) {
              ensure(6);
              bytes[size++] = '\\';
              bytes[size++] = 'u';
              bytes[size++] = '0';
              bytes[size++] = '0';
              bytes[size++] = HEX[b >> 4];
              bytes[size++] = HEX[b & 0xf];
            } else {
              ensure(1);
              bytes[size++] = b;
            }
          }
        }
      }
      ensure(1);
      bytes[size++] = '"';
      return this;
    }

    private void escape(char c) {
      ensure(2);
      bytes[size++] = '\\';
      bytes[size++] = (byte) c;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    byte[] toByteArray() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }
}
