package io.kloggregator.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.envelopes.EnvelopeMapping;
import io.kloggregator.schemas.json.JsonFrameEncoder;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.StoredLine;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One app line read from the log topic, with where it sits there. {@code json} is the ready text
 * frame's UTF-8 bytes and {@code raw} the serialized {@code LogMessage} (the original's binary
 * frame), both made once per line (on the feed's thread) however many sockets receive it; the
 * dropsonde frame is made once per line too, by the first Doppler socket that sends it. Neither
 * array is written after it is made.
 */
final class TopicLine {

  private final LogMessage message;
  private final int partition;
  private final long offset;
  private final byte[] json;
  private final byte[] raw;
  /** The dropsonde Envelope frame, made on the event loop at most once (a race only repeats it). */
  private byte[] dropsonde;

  private TopicLine(LogMessage message, int partition, long offset, byte[] json, byte[] raw) {
    this.message = message;
    this.partition = partition;
    this.offset = offset;
    this.json = json;
    this.raw = raw;
  }

  static TopicLine of(LogMessage message, int partition, long offset, byte[] raw) {
    return new TopicLine(message, partition, offset,
        JsonFrameEncoder.lineUtf8(message, partition, offset), raw);
  }

  /** A line the streams router kept, at its place in the log topic. */
  static TopicLine fromStored(StoredLine stored) {
    return of(stored.getLogMessage(), stored.getPartition(), stored.getOffset(),
        stored.getLogMessage().toByteArray());
  }

  /** The line in a log-topic record, or null when its value is not a LogMessage. */
  static TopicLine fromRecord(ConsumerRecord<byte[], byte[]> record) {
    return record.value() == null ? null
        : decode(record.value(), record.partition(), record.offset());
  }

  /** The line in a log-topic record's value, or null when it is not a LogMessage. */
  static TopicLine decode(byte[] value, int partition, long offset) {
    try {
      return of(LogMessage.parseFrom(value), partition, offset, value);
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  LogMessage message() {
    return message;
  }

  int partition() {
    return partition;
  }

  long offset() {
    return offset;
  }

  byte[] json() {
    return json;
  }

  byte[] raw() {
    return raw;
  }

  /** The line as a marshalled dropsonde {@code Envelope} (Doppler's frame). */
  byte[] dropsonde() {
    byte[] frame = dropsonde;
    if (frame == null) {
      frame = EnvelopeMapping.toDropsonde(message).toByteArray();
      dropsonde = frame;
    }
    return frame;
  }

  String appId() {
    return message.getAppId();
  }

  long timestamp() {
    return message.getTimestamp();
  }
}
