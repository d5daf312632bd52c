package io.kloggregator.router;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First step for every log record: parses the {@code LogMessage} once for the processors after
 * it (handed on as a {@link ParsedLogMessage} with its bytes), and drops (counted) a record
 * without an app id or with a value that is not a LogMessage.
 */
final class LogParser implements Processor<String, byte[], String, ParsedLogMessage> {

  /** Why a record is not stored: the {@code reason} tags of the drop counter. */
  static final String NO_APP_ID = "no_app_id";
  static final String APP_ID_TOO_LONG = "app_id_too_long";
  static final String NO_VALUE = "no_value";
  static final String BAD_LOG_MESSAGE = "bad_log_message";
  static final List<String> DROP_REASONS =
      List.of(NO_APP_ID, APP_ID_TOO_LONG, NO_VALUE, BAD_LOG_MESSAGE);

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
      events.lineDropped(NO_APP_ID);
      return;
    }
    if (record.key().length() > LineKeys.MAX_APP_ID_BYTES / 3
        && record.key().getBytes(StandardCharsets.UTF_8).length > LineKeys.MAX_APP_ID_BYTES) {
      events.lineDropped(APP_ID_TOO_LONG);
      return;
    }
    if (record.value() == null) {
      events.lineDropped(NO_VALUE);
      return;
    }
    LogMessage message;
    try {
      message = LogMessage.parseFrom(record.value());
    } catch (InvalidProtocolBufferException e) {
      events.lineDropped(BAD_LOG_MESSAGE);
      return;
    }
    context.forward(record.withValue(new ParsedLogMessage(message, record.value())));
  }
}
