package io.kloggregator.drain;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes kloggregator's own lines into an app's stream: a {@code LogMessage} with source name
 * {@code LGR}, type ERR, to {@link Topics#LOGS} keyed by app id, header {@code kl-ingest:
 * synthetic} (schemas/README.md). Thread-safe (the Kafka producer is).
 */
final class NoticeWriter {

  private static final byte[] SYNTHETIC = "synthetic".getBytes(StandardCharsets.UTF_8);
  private static final String SOURCE = "LGR";
  /** Every notice this writer's callers ({@link DrainNotices}) write starts so. */
  private static final String PREFIX = "drain ";
  private static final ByteString PREFIX_BYTES = ByteString.copyFromUtf8(PREFIX);

  private final Producer<String, byte[]> producer;
  private final Clock clock;
  /** kloggregator.drain.notices: notice lines produced; {@code failed} = the produce failed. */
  private final Counter written;
  private final Counter failed;

  NoticeWriter(Producer<String, byte[]> producer, Clock clock, MeterRegistry registry) {
    this.producer = producer;
    this.clock = clock;
    this.written = registry.counter("kloggregator.drain.notices", "result", "written");
    this.failed = registry.counter("kloggregator.drain.notices", "result", "failed");
  }

  void write(String appId, String text) {
    Instant now = clock.instant();
    LogMessage m = LogMessage.newBuilder()
        .setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(LogMessage.MessageType.ERR)
        .setTimestamp(now.getEpochSecond() * 1_000_000_000L + now.getNano())
        .setAppId(appId)
        .setSourceName(SOURCE)
        .build();
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.LOGS, null,
        now.toEpochMilli(), appId, m.toByteArray());
    record.headers().add(Topics.HEADER_INGEST, SYNTHETIC);
    producer.send(record, (meta, e) -> (e == null ? written : failed).increment());
  }

  /**
   * True for a drain notice line (as this class writes them) when it comes back through the
   * router: in the original, syslog sinks never got the server's own error lines.
   */
  static boolean isNotice(LogMessage m) {
    return SOURCE.equals(m.getSourceName()) && m.getMessageType() == LogMessage.MessageType.ERR
        && m.getMessage().startsWith(PREFIX_BYTES);
  }

  /** True for a notice about the drain shown as {@code display}. */
  static boolean isAbout(LogMessage m, String display) {
    return isNotice(m)
        && m.getMessage().startsWith(ByteString.copyFromUtf8(PREFIX + display + " "));
  }
}
