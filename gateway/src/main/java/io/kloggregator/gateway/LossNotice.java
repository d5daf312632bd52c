package io.kloggregator.gateway;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;

/**
 * Lines a client will never get: {@code count} of them, stamped {@code from..to} (ns), for
 * {@code reason}. {@link #logMessage} is the notice as the original sent it on its binary
 * streams (ERR, source {@code LGR}), which the dropsonde and v2 forms map from. Immutable.
 */
record LossNotice(String appId, long count, long from, long to, String reason) {

  static final String SLOW_CLIENT = "slow client";

  /** The notice as a line from {@code LGR}, worded as the original's truncating buffer. */
  LogMessage logMessage() {
    String text = reason.equals(SLOW_CLIENT)
        ? "Log message output too high. We've dropped " + count + " messages"
        : "We've dropped " + count + " messages (" + reason + ")";
    return LogMessage.newBuilder()
        .setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(LogMessage.MessageType.ERR)
        .setTimestamp(to)
        .setAppId(appId)
        .setSourceName("LGR")
        .build();
  }
}
