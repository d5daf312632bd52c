package io.kloggregator.schemas.envelopes;

import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.v2.Envelope;
import io.kloggregator.schemas.v2.Log;
import io.kloggregator.schemas.v2.Value;
import java.util.Optional;

/**
 * The one conversion between kloggregator's stored line (the original's v1 {@code LogMessage})
 * and the envelopes of later Cloud Foundry generations: the v2 {@code loggregator.v2.Envelope}
 * of Log Cache, the RLP gateway and the v2 ingress, and the dropsonde {@code events.Envelope} of
 * the Doppler endpoints. It follows go-loggregator's v1 to v2 conversion:
 *
 * <table>
 *   <caption>Field by field</caption>
 *   <tr><th>v1 {@code LogMessage}</th><th>v2 {@code Envelope}</th>
 *       <th>dropsonde {@code Envelope}</th></tr>
 *   <tr><td>{@code app_id}</td><td>{@code source_id}</td><td>{@code logMessage.app_id}</td></tr>
 *   <tr><td>{@code source_id} (instance)</td><td>{@code instance_id}</td>
 *       <td>{@code logMessage.source_instance}</td></tr>
 *   <tr><td>{@code source_name} ({@code App}, {@code RTR}, {@code LGR}, ...)</td>
 *       <td>{@code tags.source_type}</td><td>{@code logMessage.source_type}</td></tr>
 *   <tr><td>{@code message_type} OUT / ERR</td><td>{@code log.type} OUT / ERR</td>
 *       <td>{@code logMessage.message_type} OUT / ERR</td></tr>
 *   <tr><td>{@code message}</td><td>{@code log.payload}</td>
 *       <td>{@code logMessage.message}</td></tr>
 *   <tr><td>{@code timestamp} (ns)</td><td>{@code timestamp}</td>
 *       <td>{@code timestamp} and {@code logMessage.timestamp}</td></tr>
 * </table>
 *
 * <p>Source names are carried as they are: a line the original's deaagent sent as {@code App}
 * shows as {@code App}, not today's {@code APP/PROC/WEB}. v2 to v1 takes a log envelope only; an
 * empty {@code source_id} falls back to {@code tags["origin"]}, then
 * {@code deprecated_tags["origin"]}, as Cloud Foundry's agents do, and a missing
 * {@code source_type} falls back to {@code deprecated_tags["source_type"]}. Drain URLs and the v2
 * tags other than {@code source_type} have no place in the other form. Stateless.
 */
public final class EnvelopeMapping {

  /** The dropsonde {@code origin} of every envelope the gateway sends. */
  public static final String DROPSONDE_ORIGIN = "kloggregator";

  static final String SOURCE_TYPE = "source_type";
  static final String ORIGIN = "origin";

  private EnvelopeMapping() {
  }

  /** The v2 log envelope of {@code message}. */
  public static Envelope toV2(LogMessage message) {
    Envelope.Builder envelope = Envelope.newBuilder()
        .setTimestamp(message.getTimestamp())
        .setSourceId(message.getAppId())
        .setInstanceId(message.getSourceId())
        .setLog(Log.newBuilder()
            .setPayload(message.getMessage())
            .setType(message.getMessageType() == LogMessage.MessageType.ERR
                ? Log.Type.ERR : Log.Type.OUT));
    if (message.hasSourceName()) {
      envelope.putTags(SOURCE_TYPE, message.getSourceName());
    }
    return envelope.build();
  }

  /**
   * The v1 line of a v2 log envelope, or empty when {@code envelope} carries no log or no source
   * id can be found for it.
   */
  public static Optional<LogMessage> toV1(Envelope envelope) {
    if (!envelope.hasLog()) {
      return Optional.empty();
    }
    String appId = firstNonEmpty(envelope.getSourceId(), envelope.getTagsOrDefault(ORIGIN, ""),
        text(envelope, ORIGIN));
    if (appId.isEmpty()) {
      return Optional.empty();
    }
    Log log = envelope.getLog();
    return Optional.of(LogMessage.newBuilder()
        .setMessage(log.getPayload())
        .setMessageType(log.getType() == Log.Type.ERR
            ? LogMessage.MessageType.ERR : LogMessage.MessageType.OUT)
        .setTimestamp(envelope.getTimestamp())
        .setAppId(appId)
        .setSourceId(envelope.getInstanceId())
        .setSourceName(firstNonEmpty(envelope.getTagsOrDefault(SOURCE_TYPE, ""),
            text(envelope, SOURCE_TYPE)))
        .build());
  }

  /** The dropsonde log envelope of {@code message}, as Doppler's endpoints sent it. */
  public static io.kloggregator.schemas.dropsonde.Envelope toDropsonde(LogMessage message) {
    io.kloggregator.schemas.dropsonde.LogMessage.Builder log =
        io.kloggregator.schemas.dropsonde.LogMessage.newBuilder()
            .setMessage(message.getMessage())
            .setMessageType(message.getMessageType() == LogMessage.MessageType.ERR
                ? io.kloggregator.schemas.dropsonde.LogMessage.MessageType.ERR
                : io.kloggregator.schemas.dropsonde.LogMessage.MessageType.OUT)
            .setTimestamp(message.getTimestamp())
            .setAppId(message.getAppId())
            .setSourceInstance(message.getSourceId());
    if (message.hasSourceName()) {
      log.setSourceType(message.getSourceName());
    }
    return io.kloggregator.schemas.dropsonde.Envelope.newBuilder()
        .setOrigin(DROPSONDE_ORIGIN)
        .setEventType(io.kloggregator.schemas.dropsonde.Envelope.EventType.LogMessage)
        .setTimestamp(message.getTimestamp())
        .setLogMessage(log)
        .build();
  }

  private static String text(Envelope envelope, String key) {
    Value value = envelope.getDeprecatedTagsOrDefault(key, Value.getDefaultInstance());
    return value.hasText() ? value.getText() : "";
  }

  private static String firstNonEmpty(String... candidates) {
    for (String candidate : candidates) {
      if (!candidate.isEmpty()) {
        return candidate;
      }
    }
    return "";
  }
}
