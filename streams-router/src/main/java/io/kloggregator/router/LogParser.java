package io.kloggregator.router;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First step for every log record: parses the {@code LogMessage} once for the processors after
 * it (handed on as a {@link LogLine} with its bytes), and drops (counted) a record without an
 * app id or with a value that is not a LogMessage.
 */
final class LogParser implements Processor<String, byte[], String, LogLine> {

  private final RouterEvents events;
  private ProcessorContext<String, LogLine> context;

  LogParser(RouterEvents events) {
    this.events = events;
  }

  @Override
  public void init(ProcessorContext<String, LogLine> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null || record.key().isEmpty()) {
      events.lineDropped("no_app_id");
      return;
    }
    if (record.key().length() > LineKeys.MAX_APP_ID_BYTES / 3
        && record.key().getBytes(StandardCharsets.UTF_8).length > LineKeys.MAX_APP_ID_BYTES) {
      events.lineDropped("app_id_too_long");
      return;
    }
    if (record.value() == null) {
      events.lineDropped("no_value");
      return;
    }
    LogMessage message;
    try {
      message = LogMessage.parseFrom(record.value());
    } catch (InvalidProtocolBufferException e) {
      events.lineDropped("bad_log_message");
      return;
    }
    context.forward(record.withValue(new LogLine(message, record.value())));
  }
}
