package io.kloggregator.bridge;

import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lines one app lost since its last notice: how many, the first and last of their timestamps, and
 * why. Becomes the synthetic "N lines dropped between T1 and T2" line written to the app's own
 * stream (source LGR, type ERR). Not thread-safe: owned by {@link LineBuffer}'s lock.
 */
final class DropSpan {

  /** Why lines were dropped; tag values of {@code kloggregator.bridge.dropped}. */
  enum Cause {
    BUFFER_FULL("buffer_full", "ingest buffer full"),
    RATE_LIMITED("rate_limited", "app over its rate limit");

    final String tag;
    final String text;

    Cause(String tag, String text) {
      this.tag = tag;
      this.text = text;
    }
  }

  static final String SOURCE_NAME = "LGR";
  static final String INGEST = "synthetic";

  private long count;
  private long firstNanos = Long.MAX_VALUE;
  private long lastNanos = Long.MIN_VALUE;
  private final Set<Cause> causes = EnumSet.noneOf(Cause.class);

  void add(long timestampNanos, Cause cause) {
    count++;
    firstNanos = Math.min(firstNanos, timestampNanos);
    lastNanos = Math.max(lastNanos, timestampNanos);
    causes.add(cause);
  }

  long count() {
    return count;
  }

  /** The notice line, timestamped with the newest dropped line so it sorts where the gap is. */
  BufferedLine toNotice(String appId) {
    String text = count + " lines dropped between " + Instant.ofEpochSecond(0, firstNanos)
        + " and " + Instant.ofEpochSecond(0, lastNanos) + " ("
        + causes.stream().map(c -> c.text).collect(Collectors.joining(", ")) + ")";
    LogMessage message = LogMessage.newBuilder()
        .setMessage(com.google.protobuf.ByteString.copyFrom(text, StandardCharsets.UTF_8))
        .setMessageType(LogMessage.MessageType.ERR)
        .setTimestamp(lastNanos)
        .setAppId(appId)
        .setSourceName(SOURCE_NAME)
        .build();
    return new BufferedLine(appId, message.toByteArray(), lastNanos, INGEST);
  }
}
