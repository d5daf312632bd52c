package io.kloggregator.bridge;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.SharedSecret;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The benchmark's payloads: {@code apps x perApp} distinct {@code LogMessage}s whose serialized
 * form is exactly {@link #RECORD_BYTES} bytes, as Kafka record values, as signed envelopes, and as
 * RFC 5424 syslog lines of the same size for the rsyslog peer.
 */
final class BenchRecords {

  static final int RECORD_BYTES = 200;

  final String[] appIds;
  final byte[][] values;
  final byte[][] envelopes;
  final byte[][] syslogLines;

  BenchRecords(int apps, int perApp, String secret, long timestampNanos) {
    EnvelopeCodec codec = new EnvelopeCodec(SharedSecret.of(secret), false);
    int n = apps * perApp;
    appIds = new String[n];
    values = new byte[n][];
    envelopes = new byte[n][];
    syslogLines = new byte[n][];
    for (int i = 0; i < n; i++) {
      String app = String.format(java.util.Locale.ROOT, "00000000-0000-4000-8000-%012d", i % apps);
      LogMessage message = sized(app, "line " + i + " ", timestampNanos + i);
      appIds[i] = app;
      values[i] = message.toByteArray();
      envelopes[i] = codec.encode(message, SignatureMode.HMAC);
      syslogLines[i] = syslog(app, message.getMessage().toStringUtf8());
    }
  }

  int size() {
    return values.length;
  }

  /** A message padded so that its serialized form is exactly {@link #RECORD_BYTES}. */
  private static LogMessage sized(String app, String prefix, long timestampNanos) {
    LogMessage.Builder builder = LogMessage.newBuilder().setAppId(app).setSourceName("App")
        .setSourceId("0").setMessageType(LogMessage.MessageType.OUT).setTimestamp(timestampNanos);
    LogMessage message = builder.setMessage(ByteString.copyFromUtf8(prefix)).build();
    for (int tries = 0; tries < 4 && message.getSerializedSize() != RECORD_BYTES; tries++) {
      int pad = message.getMessage().size() - prefix.length()
          + RECORD_BYTES - message.getSerializedSize();
      char[] filler = new char[Math.max(0, pad)];
      Arrays.fill(filler, 'x');
      message = builder.setMessage(ByteString.copyFromUtf8(prefix + new String(filler))).build();
    }
    if (message.getSerializedSize() != RECORD_BYTES) {
      throw new IllegalStateException("payload is " + message.getSerializedSize() + " bytes");
    }
    return message;
  }

  private static byte[] syslog(String app, String text) {
    String head = "<14>1 2026-11-25T00:00:00.000000+00:00 bench " + app + " - - - ";
    String line = head + text;
    return line.substring(0, Math.min(line.length(), RECORD_BYTES))
        .getBytes(StandardCharsets.US_ASCII);
  }
}
