package io.kloggregator.bridge;

import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.schemas.EnvelopeCodec;
import java.net.InetAddress;

/**
 * Turns one received envelope into a {@link BufferedLine}, or counts why not. Never throws for
 * bad input. The record value is the envelope's {@code log_message} bytes as they arrived (the
 * bytes the HMAC covers), copied out of the receive buffer, never parsed and re-encoded.
 * Thread-safe: the UDP receiver and every TCP connection call it.
 */
final class EnvelopeIntake {

  private final EnvelopeCodec codec;
  private final BridgeConfig.Legacy legacy;
  private final LineBuffer buffer;
  private final BridgeMetrics metrics;
  private final RateLimitedLog rejectLog;

  EnvelopeIntake(EnvelopeCodec codec, BridgeConfig.Legacy legacy, LineBuffer buffer,
      BridgeMetrics metrics, RateLimitedLog rejectLog) {
    this.codec = codec;
    this.legacy = legacy;
    this.buffer = buffer;
    this.metrics = metrics;
    this.rejectLog = rejectLog;
  }

  /**
   * Decodes {@code buf[offset, offset + length)} received from {@code source} over {@code ingest}
   * (udp, tcp).
   */
  void accept(byte[] buf, int offset, int length, InetAddress source, String ingest) {
    EnvelopeCodec.Decoded decoded = codec.decode(buf, offset, length, legacy.allows(source));
    if (!decoded.isAccepted()) {
      metrics.rejected(decoded.reason());
      rejectLog.warn("dropped a {} envelope of {} bytes from {}: {}", ingest, length,
          source.getHostAddress(), decoded.reason().tag());
      return;
    }
    buffer.offer(new BufferedLine(decoded.appId(), decoded.messageBytes(),
        decoded.timestampNanos(), ingest));
  }

  /** Counts a TCP frame whose length prefix is out of bounds. */
  void rejectFrame(int length) {
    metrics.rejectedFrame();
    rejectLog.warn("dropped a tcp connection: frame length {} out of bounds", length);
  }
}
