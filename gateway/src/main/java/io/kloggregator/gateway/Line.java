package io.kloggregator.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.proto.LogMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One app line read from the log topic, with where it sits there. {@code json} is the ready text
 * frame and {@code raw} the serialized {@code LogMessage} (the original's binary frame), both made
 * once per line however many sockets receive it. Immutable.
 */
record Line(LogMessage message, int partition, long offset, String json, byte[] raw) {

  static Line of(LogMessage message, int partition, long offset, byte[] raw) {
    return new Line(message, partition, offset, LineJson.encode(message, partition, offset), raw);
  }

  /** The line in a log-topic record, or null when its value is not a LogMessage. */
  static Line fromRecord(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return null;
    }
    try {
      return of(LogMessage.parseFrom(record.value()), record.partition(), record.offset(),
          record.value());
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  String appId() {
    return message.getAppId();
  }

  long timestamp() {
    return message.getTimestamp();
  }
}
