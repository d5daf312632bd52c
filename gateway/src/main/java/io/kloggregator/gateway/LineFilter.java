package io.kloggregator.gateway;

import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Which of an app's lines a client wants: message type (OUT/ERR), source type ({@code App},
 * {@code RTR}, ... compared without case), instance index and a substring of the text. A null
 * field matches everything. Immutable.
 */
record LineFilter(LogMessage.MessageType type, String source, String instance, String contains) {

  static final LineFilter ALL = new LineFilter(null, null, null, null);

  LineFilter {
    source = source == null ? null : source.toLowerCase(Locale.ROOT);
  }

  boolean matches(TopicLine line) {
    LogMessage message = line.message();
    if (type != null && message.getMessageType() != type) {
      return false;
    }
    if (source != null && !message.getSourceName().toLowerCase(Locale.ROOT).equals(source)) {
      return false;
    }
    if (instance != null && !message.getSourceId().equals(instance)) {
      return false;
    }
    return contains == null
        || message.getMessage().toString(StandardCharsets.UTF_8).contains(contains);
  }
}
