package io.kloggregator.gateway;

import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;

/**
 * The JSON text frames of the tail, dump and {@code /recent}: one object per line,
 * {@code {"app","source","instance","type","timestamp","text","cursor"}}, and the loss frame
 * {@code {"type":"loss","count","from","to"}}. Stateless.
 */
final class LineJson {

  private LineJson() {
  }

  static String encode(LogMessage message, int partition, long offset) {
    StringBuilder out = new StringBuilder(96 + message.getMessage().size());
    out.append("{\"app\":");
    quote(out, message.getAppId());
    out.append(",\"source\":");
    quote(out, message.getSourceName());
    out.append(",\"instance\":");
    quote(out, message.getSourceId());
    out.append(",\"type\":\"").append(message.getMessageType().name()).append('"');
    out.append(",\"timestamp\":").append(message.getTimestamp());
    out.append(",\"text\":");
    quote(out, message.getMessage().toString(StandardCharsets.UTF_8));
    out.append(",\"cursor\":\"").append(partition).append(':').append(offset).append("\"}");
    return out.toString();
  }

  /** The frame telling a client that {@code count} lines stamped {@code from..to} were dropped. */
  static String loss(long count, long fromNanos, long toNanos, String reason) {
    StringBuilder out = new StringBuilder(96);
    out.append("{\"type\":\"loss\",\"count\":").append(count)
        .append(",\"from\":").append(fromNanos)
        .append(",\"to\":").append(toNanos)
        .append(",\"reason\":");
    quote(out, reason);
    return out.append('}').toString();
  }

  static void quote(StringBuilder out, String text) {
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
}
