package io.kloggregator.agent;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.MessageLimits;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.LogMessage.MessageType;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

/**
 * Turns the lines of one app stream into {@link LogMessage}s and queues them on the
 * {@link LineEmitter} (which encodes them for its transport): app id, source name ({@code App},
 * or {@code STG} for staging), source id = instance index, OUT or ERR, and the clock's time in
 * ns when the line was read. A message longer than {@link MessageLimits#MAX_MESSAGE_BYTES} is
 * cut at a UTF-8 boundary and counted. Used by the thread reading the stream; the emitter it
 * shares is thread-safe.
 */
final class LineEncoder implements LineSplitter.Sink {

  private final AppInstance instance;
  private final MessageType type;
  private final String sourceId;
  private final Clock clock;
  private final LineEmitter emitter;
  private final AgentMetrics metrics;

  LineEncoder(AppInstance instance, MessageType type, Emission emission) {
    this.instance = instance;
    this.type = type;
    this.sourceId = Integer.toString(instance.index());
    this.clock = emission.clock();
    this.emitter = emission.emitter();
    this.metrics = emission.metrics();
  }

  /** What every stream's encoder shares. */
  record Emission(Clock clock, LineEmitter emitter, AgentMetrics metrics) {
  }

  @Override
  public void line(byte[] bytes, int offset, int length, boolean cut) {
    Instant now = clock.instant();
    metrics.linesRead.increment();
    if (cut) {
      metrics.cutLineLength.increment();
    }
    ByteString body;
    if (MessageLimits.fits(length)) {
      body = ByteString.copyFrom(bytes, offset, length);
    } else {
      metrics.cutDatagram.increment();
      body = ByteString.copyFrom(
          MessageLimits.truncate(Arrays.copyOfRange(bytes, offset, offset + length)));
    }
    LogMessage message = LogMessage.newBuilder()
        .setMessage(body)
        .setMessageType(type)
        .setTimestamp(now.getEpochSecond() * 1_000_000_000L + now.getNano())
        .setAppId(instance.appId())
        .setSourceName(instance.sourceName())
        .setSourceId(sourceId)
        .build();
    emitter.offer(message);
  }
}
