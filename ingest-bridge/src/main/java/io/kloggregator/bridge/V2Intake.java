package io.kloggregator.bridge;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.kloggregator.schemas.MessageLimits;
import io.kloggregator.schemas.envelopes.EnvelopeMapping;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.v2.Envelope;
import io.kloggregator.schemas.v2.EnvelopeBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Turns the v2 envelopes of one gRPC message into {@link BufferedLine}s, counting each envelope it
 * refuses by {@link Reject reason}; never throws for bad input. Each envelope of a batch is
 * decoded on its own, so one bad envelope (a string that is not UTF-8, say) costs only itself. A
 * log envelope becomes a v1 line through {@link EnvelopeMapping#toV1} (source id, else
 * {@code origin}, is the app id); other envelope types have no place in a log stream and are
 * counted as {@code not_log}. A payload over {@link MessageLimits#MAX_MESSAGE_BYTES} is cut by
 * the one truncation rule (counted); an envelope over {@link #MAX_ENVELOPE_BYTES} is refused; a
 * timestamp of 0 becomes the time of receipt. Thread-safe.
 */
final class V2Intake {

  /** Cloud Foundry's largest log line (64 KiB) plus room for the envelope's other fields. */
  static final int MAX_ENVELOPE_BYTES = 64 * 1024 + 4096;
  /** The ingest header of a line that arrived over the v2 gRPC ingress. */
  static final String INGEST = "grpc";

  /** Why an envelope was dropped. Names are stable: they are metric tag values. */
  enum Reject {
    UNDECODABLE, NOT_UTF8, NOT_LOG, NO_SOURCE_ID, OVERSIZED;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final int BATCH_FIELD = EnvelopeBatch.BATCH_FIELD_NUMBER;

  private final BridgeMetrics metrics;
  private final LongSupplier wallNanos;

  V2Intake(BridgeMetrics metrics, LongSupplier wallNanos) {
    this.metrics = metrics;
    this.wallNanos = wallNanos;
  }

  /** The lines of one {@code EnvelopeBatch} message, in its order. */
  List<BufferedLine> batch(byte[] message) {
    List<BufferedLine> lines = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(message);
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == BATCH_FIELD
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          envelope(in.readByteArray(), lines);
        } else if (!in.skipField(tag)) {
          break;
        }
      }
    } catch (IOException e) {
      reject(Reject.UNDECODABLE);
    }
    return lines;
  }

  /** The line of one {@code Envelope} message (none when refused). */
  List<BufferedLine> single(byte[] message) {
    List<BufferedLine> lines = new ArrayList<>(1);
    envelope(message, lines);
    return lines;
  }

  private void envelope(byte[] bytes, List<BufferedLine> out) {
    metrics.receivedGrpc();
    if (bytes.length > MAX_ENVELOPE_BYTES) {
      reject(Reject.OVERSIZED);
      return;
    }
    Envelope envelope;
    try {
      envelope = Envelope.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      String text = String.valueOf(e.getMessage());
      reject(text.contains("UTF-8") ? Reject.NOT_UTF8 : Reject.UNDECODABLE);
      return;
    }
    if (!envelope.hasLog()) {
      reject(Reject.NOT_LOG);
      return;
    }
    Optional<LogMessage> mapped = EnvelopeMapping.toV1(envelope);
    if (mapped.isEmpty()) {
      reject(Reject.NO_SOURCE_ID);
      return;
    }
    LogMessage message = mapped.get();
    LogMessage.Builder changed = null;
    ByteString payload = message.getMessage();
    if (!MessageLimits.fits(payload.size())) {
      metrics.truncatedGrpc();
      changed = message.toBuilder()
          .setMessage(ByteString.copyFrom(MessageLimits.truncate(payload.toByteArray())));
    }
    if (message.getTimestamp() == 0) {
      changed = (changed == null ? message.toBuilder() : changed)
          .setTimestamp(wallNanos.getAsLong());
    }
    if (changed != null) {
      message = changed.build();
    }
    out.add(new BufferedLine(message.getAppId(), message.toByteArray(), message.getTimestamp(),
        INGEST));
  }

  private void reject(Reject reason) {
    metrics.rejectedGrpc(reason);
  }
}
