package io.kloggregator.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kloggregator.schemas.proto.LogMessage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes a {@link LogMessage} read from Kafka as the gateway's JSON line frame
 * ({@code {"app","source","instance","type","timestamp","text","cursor"}}), so replayed output
 * and {@code logs --json} look alike. Thread-safe.
 */
final class LineJsonWriter {

  private final JsonFactory json = new JsonFactory();

  String write(LogMessage m, int partition, long offset) {
    StringWriter text = new StringWriter(128 + m.getMessage().size());
    try (JsonGenerator out = json.createGenerator(text)) {
      out.writeStartObject();
      out.writeStringField("app", m.getAppId());
      out.writeStringField("source", m.getSourceName());
      out.writeStringField("instance", m.getSourceId());
      out.writeStringField("type", m.getMessageType().name());
      out.writeNumberField("timestamp", m.getTimestamp());
      out.writeStringField("text", m.getMessage().toStringUtf8());
      out.writeStringField("cursor", partition + ":" + offset);
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** The same line as a {@link LogLine}, for the cf formatter. */
  static LogLine toLogLine(LogMessage m, int partition, long offset) {
    return new LogLine(m.getAppId(), m.getSourceName(), m.getSourceId(),
        m.getMessageType().name(), m.getTimestamp(), m.getMessage().toStringUtf8(),
        partition + ":" + offset, "");
  }
}
