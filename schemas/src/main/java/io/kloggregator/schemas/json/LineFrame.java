package io.kloggregator.schemas.json;

import io.kloggregator.schemas.proto.LogMessage;

/**
 * The line frame: app id, source name ({@code App}, {@code RTR}, ...), instance (source id, may
 * be empty), type ({@code OUT} or {@code ERR}), Unix time in nanoseconds, text, the cursor
 * {@code partition:offset} that resumes after it (empty when the sender had none), and the JSON
 * text it was read from. Immutable.
 */
public record LineFrame(String app, String source, String instance, String type,
    long timestampNanos, String text, String cursor, String raw) implements JsonFrame {

  /**
   * The frame {@link JsonFrameEncoder#line} writes for {@code message}, as {@link JsonFrameParser}
   * reads it back: fields not valid UTF-8 have U+FFFD for each bad sequence.
   */
  public static LineFrame of(LogMessage message, int partition, long offset) {
    return new LineFrame(message.getAppId(), message.getSourceName(), message.getSourceId(),
        message.getMessageType().name(), message.getTimestamp(),
        message.getMessage().toStringUtf8(), partition + ":" + offset,
        JsonFrameEncoder.line(message, partition, offset));
  }

  public boolean isErr() {
    return "ERR".equals(type);
  }
}
