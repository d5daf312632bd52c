package io.kloggregator.router;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First step for every log record: parses the {@code LogMessage} once for the processors after
 * it (handed on as a {@link ParsedLogMessage} with its bytes), and drops (counted) a record
 * without an app id or with a value that is not a LogMessage.
 */
final class LogParser implements Processor<String, byte[], String, ParsedLogMessage> {

  private final RouterEvents events;
  private ProcessorContext<String, ParsedLogMessage> context;

  LogParser(RouterEvents events) {
    this.events = events;
  }

  @Override
  public void init(ProcessorContext<String, ParsedLogMessage> context) {
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
    context.forward(record.withValue(new ParsedLogMessage(message, record.value())));
  }
}
