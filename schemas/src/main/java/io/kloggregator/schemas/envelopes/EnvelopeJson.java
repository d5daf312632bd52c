package io.kloggregator.schemas.envelopes;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kloggregator.schemas.v2.Counter;
import io.kloggregator.schemas.v2.Envelope;
import io.kloggregator.schemas.v2.Event;
import io.kloggregator.schemas.v2.GaugeValue;
import io.kloggregator.schemas.v2.Timer;
import io.kloggregator.schemas.v2.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * v2 envelopes in protobuf's canonical JSON mapping, as Log Cache's read API and the RLP
 * gateway's event stream send them (grpc-gateway's marshaller with the original field names and
 * unpopulated fields emitted): proto field names, 64-bit integers as decimal strings, bytes as
 * standard base64, enums by name, maps as objects (keys sorted), and only the set member of the
 * {@code message} oneof. Log Cache answers {@link #logCacheRead} and the RLP gateway
 * {@link #batch}. Stateless, thread-safe.
 */
public final class EnvelopeJson {

  private static final JsonFactory JSON = JsonFactory.builder().build();
  /** About what one log envelope takes in JSON, to size the answer's buffer once. */
  private static final int BYTES_PER_ENVELOPE = 256;

  private EnvelopeJson() {
  }

  /** Log Cache's read answer: {@code {"envelopes":{"batch":[...]}}}, UTF-8. */
  public static byte[] logCacheRead(Collection<Envelope> envelopes) {
    return write(envelopes.size(), json -> {
      json.writeStartObject();
      json.writeFieldName("envelopes");
      writeBatch(json, envelopes);
      json.writeEndObject();
    });
  }

  /** An {@code EnvelopeBatch}: {@code {"batch":[...]}}, UTF-8. */
  public static byte[] batch(Collection<Envelope> envelopes) {
    return write(envelopes.size(), json -> writeBatch(json, envelopes));
  }

  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private static byte[] write(int envelopes, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + envelopes * BYTES_PER_ENVELOPE);
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON to memory", e);
    }
    return out.toByteArray();
  }

  private static void writeBatch(JsonGenerator json, Collection<Envelope> envelopes)
      throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart("batch");
    for (Envelope envelope : envelopes) {
      writeEnvelope(json, envelope);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeEnvelope(JsonGenerator json, Envelope envelope) throws IOException {
    json.writeStartObject();
    json.writeStringField("timestamp", Long.toString(envelope.getTimestamp()));
    json.writeStringField("source_id", envelope.getSourceId());
    json.writeStringField("instance_id", envelope.getInstanceId());
    json.writeObjectFieldStart("deprecated_tags");
    for (Map.Entry<String, Value> tag : sorted(envelope.getDeprecatedTagsMap())) {
      json.writeFieldName(tag.getKey());
      writeValue(json, tag.getValue());
    }
    json.writeEndObject();
    json.writeObjectFieldStart("tags");
    for (Map.Entry<String, String> tag : sorted(envelope.getTagsMap())) {
      json.writeStringField(tag.getKey(), tag.getValue());
    }
    json.writeEndObject();
    writeMessage(json, envelope);
    json.writeEndObject();
  }

  private static void writeMessage(JsonGenerator json, Envelope envelope) throws IOException {
    switch (envelope.getMessageCase()) {
      case LOG -> {
        json.writeObjectFieldStart("log");
        json.writeFieldName("payload");
        json.writeBinary(envelope.getLog().getPayload().toByteArray());
        json.writeStringField("type", envelope.getLog().getType().name());
        json.writeEndObject();
      }
      case COUNTER -> {
        Counter counter = envelope.getCounter();
        json.writeObjectFieldStart("counter");
        json.writeStringField("name", counter.getName());
        json.writeStringField("delta", Long.toUnsignedString(counter.getDelta()));
        json.writeStringField("total", Long.toUnsignedString(counter.getTotal()));
        json.writeEndObject();
      }
      case GAUGE -> {
        json.writeObjectFieldStart("gauge");
        json.writeObjectFieldStart("metrics");
        for (Map.Entry<String, GaugeValue> metric
            : sorted(envelope.getGauge().getMetricsMap())) {
          json.writeObjectFieldStart(metric.getKey());
          json.writeStringField("unit", metric.getValue().getUnit());
          writeDouble(json, "value", metric.getValue().getValue());
          json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
      }
      case TIMER -> {
        Timer timer = envelope.getTimer();
        json.writeObjectFieldStart("timer");
        json.writeStringField("name", timer.getName());
        json.writeStringField("start", Long.toString(timer.getStart()));
        json.writeStringField("stop", Long.toString(timer.getStop()));
        json.writeEndObject();
      }
      case EVENT -> {
        Event event = envelope.getEvent();
        json.writeObjectFieldStart("event");
        json.writeStringField("title", event.getTitle());
        json.writeStringField("body", event.getBody());
        json.writeEndObject();
      }
      case MESSAGE_NOT_SET -> {
        // Nothing: an envelope with no message has no member of the oneof to show.
      }
      default -> throw new IllegalArgumentException("unknown envelope message "
          + envelope.getMessageCase());
    }
  }

  /** A map's entries by key, as the JSON mapping orders them (a map of one needs no sorting). */
  private static <V> Iterable<Map.Entry<String, V>> sorted(Map<String, V> map) {
    return map.size() <= 1 ? map.entrySet() : new TreeMap<>(map).entrySet();
  }

  private static void writeValue(JsonGenerator json, Value value) throws IOException {
    json.writeStartObject();
    switch (value.getDataCase()) {
      case TEXT -> json.writeStringField("text", value.getText());
      case INTEGER -> json.writeStringField("integer", Long.toString(value.getInteger()));
      case DECIMAL -> writeDouble(json, "decimal", value.getDecimal());
      default -> {
        // An empty Value has no member to show.
      }
    }
    json.writeEndObject();
  }

  /** A double as protobuf's JSON mapping writes it: NaN and the infinities as strings. */
  private static void writeDouble(JsonGenerator json, String name, double value)
      throws IOException {
    if (Double.isNaN(value)) {
      json.writeStringField(name, "NaN");
    } else if (Double.isInfinite(value)) {
      json.writeStringField(name, value > 0 ? "Infinity" : "-Infinity");
    } else {
      json.writeNumberField(name, value);
    }
  }
}
