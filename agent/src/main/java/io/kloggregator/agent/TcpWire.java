package io.kloggregator.agent;

import io.kloggregator.ops.Backoff;
import io.kloggregator.ops.RateLimitedLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * Signed envelopes on one TCP stream per endpoint, each preceded by its length as a 4-byte
 * big-endian integer (the bridge's {@code KLOGGREGATOR_BRIDGE_TCP_PORT} framing). Envelopes are
 * gathered in a 64 KiB buffer per endpoint and written when it is full or the queue runs empty:
 * a busy agent writes about 250 lines per system call, a quiet one each line at once. There is
 * no acknowledgement: what was buffered or in the kernel when a stream fails is counted as
 * dropped (some of it may have arrived). A failed or refused stream is reopened on the next
 * envelope once its jittered backoff has passed; envelopes for it until then are dropped and
 * counted. A bridge that stops reading blocks the sender, and the emit queue then drops its
 * oldest.
 */
final class TcpWire implements EnvelopeWire {

  static final int MAX_FRAME = 65_535;
  static final int BUFFER_BYTES = 64 * 1024;
  private static final int CONNECT_TIMEOUT_MS = 2000;

  /** One endpoint's stream; sender-confined. */
  private static final class Stream {
    final InetSocketAddress address;
    final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    final Backoff backoff;
    SocketChannel channel;
    int buffered;
    long retryAtNanos;
    boolean everOpened;

    Stream(InetSocketAddress address, Backoff backoff) {
      this.address = address;
      this.backoff = backoff;
    }
  }

  private final List<Stream> streams = new ArrayList<>();
  private final AgentMetrics metrics;
  private final RateLimitedLog sendErrors;
  private final LongSupplier nanoTime;

  TcpWire(List<InetSocketAddress> endpoints, Duration reconnectMin, Duration reconnectMax,
      AgentMetrics metrics, RateLimitedLog sendErrors, LongSupplier nanoTime) {
    for (InetSocketAddress endpoint : endpoints) {
      streams.add(new Stream(endpoint, new Backoff(reconnectMin, reconnectMax)));
    }
    this.metrics = metrics;
    this.sendErrors = sendErrors;
    this.nanoTime = nanoTime;
  }

  @Override
  public int endpoints() {
    return streams.size();
  }

  @Override
  public void write(int endpoint, byte[] envelope) {
    Stream stream = streams.get(endpoint);
    if (envelope.length < 1 || envelope.length > MAX_FRAME) {
      metrics.droppedSendError.increment();
      sendErrors.warn("an envelope of {} bytes does not fit a TCP frame (1..{}), dropped",
          envelope.length, MAX_FRAME);
      return;
    }
    if (stream.buffer.remaining() < 4 + envelope.length) {
      flush(stream);
    }
    if (stream.channel == null && !open(stream)) {
      metrics.droppedSendError.increment();
      return;
    }
    stream.buffer.putInt(envelope.length).put(envelope);
    stream.buffered++;
  }

  @Override
  public void flush() {
    for (Stream stream : streams) {
      flush(stream);
    }
  }

  private void flush(Stream stream) {
    if (stream.buffered == 0) {
      return;
    }
    stream.buffer.flip();
    try {
      while (stream.buffer.hasRemaining()) {
        stream.channel.write(stream.buffer);
      }
      metrics.linesEmitted.increment(stream.buffered);
    } catch (IOException e) {
      metrics.droppedSendError.increment(stream.buffered);
      sendErrors.warn("TCP stream to {} failed, {} buffered lines dropped: {}", stream.address,
          stream.buffered, e.toString());
      closeChannel(stream);
      stream.retryAtNanos = nanoTime.getAsLong();
    } finally {
      stream.buffer.clear();
      stream.buffered = 0;
    }
  }

  /** Opens the stream unless its backoff has not passed; false when it stays closed. */
  private boolean open(Stream stream) {
    long now = nanoTime.getAsLong();
    if (now - stream.retryAtNanos < 0) {
      return false;
    }
    if (stream.everOpened) {
      metrics.reconnects.increment();
    }
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open();
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.socket().connect(stream.address, CONNECT_TIMEOUT_MS);
      stream.channel = channel;
      stream.everOpened = true;
      stream.backoff.reset();
      return true;
    } catch (IOException e) {
      closeQuietly(channel);
      long delayMillis = stream.backoff.nextDelayMillis();
      stream.retryAtNanos = now + delayMillis * 1_000_000;
      sendErrors.warn("cannot open a TCP stream to {} ({}); dropping its lines, next try in {} ms",
          stream.address, e.toString(), delayMillis);
      return false;
    }
  }

  @Override
  public void close() {
    streams.forEach(TcpWire::closeChannel);
  }

  private static void closeChannel(Stream stream) {
    closeQuietly(stream.channel);
    stream.channel = null;
  }

  private static void closeQuietly(SocketChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LoggerFactory.getLogger(TcpWire.class).debug("closing a TCP stream failed", e);
    }
  }
}
