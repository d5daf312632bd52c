package io.kloggregator.agent;

import io.kloggregator.ops.RateLimitedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * One signed envelope per datagram, the original emitter protocol: one connected channel per
 * endpoint, so {@code write()} skips the per-datagram address checks of {@code send()}.
 */
final class UdpWire implements EnvelopeWire {

  private final List<InetSocketAddress> endpoints;
  private final List<DatagramChannel> channels = new ArrayList<>();
  private final AgentMetrics metrics;
  private final RateLimitedLog sendErrors;
  // Each envelope is copied here before it is written.
  private final ByteBuffer direct = ByteBuffer.allocateDirect(65_536);

  UdpWire(List<InetSocketAddress> endpoints, AgentMetrics metrics, RateLimitedLog sendErrors) {
    this.endpoints = List.copyOf(endpoints);
    this.metrics = metrics;
    this.sendErrors = sendErrors;
    for (InetSocketAddress endpoint : this.endpoints) {
      try {
        channels.add(DatagramChannel.open().connect(endpoint));
      } catch (IOException e) {
        close();
        throw new UncheckedIOException("cannot open a UDP socket to " + endpoint, e);
      }
    }
  }

  @Override
  public int endpoints() {
    return endpoints.size();
  }

  @Override
  public void write(int endpoint, byte[] envelope) {
    direct.clear();
    direct.put(envelope, 0, Math.min(envelope.length, direct.capacity())).flip();
    try {
      channels.get(endpoint).write(direct);
      metrics.linesEmitted.increment();
    } catch (IOException e) {
      // A connected UDP socket reports an earlier ICMP port unreachable here.
      metrics.droppedSendError.increment();
      sendErrors.warn("cannot send to {}: {}", endpoints.get(endpoint), e.toString());
    }
  }

  @Override
  public void flush() {
    // Every datagram is sent by write().
  }

  @Override
  public void close() {
    for (DatagramChannel channel : channels) {
      try {
        channel.close();
      } catch (IOException e) {
        LoggerFactory.getLogger(UdpWire.class).debug("closing a UDP socket failed", e);
      }
    }
  }
}
