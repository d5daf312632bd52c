package io.kloggregator.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NIO receive path ({@code KLOGGREGATOR_BRIDGE_UDP_TRANSPORT=nio}, and {@code auto} where
 * Netty's epoll does not load): one socket, one dedicated thread that reads straight into one
 * reused 64 KiB array that the codec decodes in place (the kernel-to-heap copy is the only copy
 * before parsing). Datagrams reach the intake in the order the kernel queued them. Lifecycle:
 * {@link #bind}, {@link #start}, {@link #close}.
 */
final class UdpReceiver implements UdpListener {

  private static final Logger LOG = LoggerFactory.getLogger(UdpReceiver.class);

  private final DatagramChannel channel;
  private final EnvelopeIntake intake;
  private final BridgeMetrics metrics;
  private final Thread thread;

  private UdpReceiver(DatagramChannel channel, EnvelopeIntake intake, BridgeMetrics metrics) {
    this.channel = channel;
    this.intake = intake;
    this.metrics = metrics;
    this.thread = new Thread(this::run, "bridge-udp-" + port());
    this.thread.setDaemon(true);
  }

  /** Binds {@code host:port}; a busy port fails here with one clear message. */
  static UdpReceiver bind(String host, int port, int receiveBufferBytes, EnvelopeIntake intake,
      BridgeMetrics metrics) {
    DatagramChannel channel = null;
    try {
      channel = DatagramChannel.open();
      channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
      channel.bind(new InetSocketAddress(host, port));
      UdpListener.warnIfCapped(LOG, channel.getOption(StandardSocketOptions.SO_RCVBUF),
          receiveBufferBytes);
      return new UdpReceiver(channel, intake, metrics);
    } catch (IOException e) {
      closeQuietly(channel);
      throw UdpListener.bindFailure(host, port, e);
    }
  }

  @Override
  public void start() {
    thread.start();
    LOG.info("listening for envelopes on udp {} (nio, one thread)",
        channel.socket().getLocalSocketAddress());
  }

  @Override
  public int port() {
    return channel.socket().getLocalPort();
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
    byte[] array = buf.array();
    while (channel.isOpen()) {
      buf.clear();
      InetSocketAddress sender;
      try {
        sender = (InetSocketAddress) channel.receive(buf);
      } catch (ClosedChannelException closed) {
        return;
      } catch (IOException e) {
        LOG.warn("UDP receive failed, continuing: {}", e.toString());
        continue;
      }
      metrics.received(false);
      try {
        intake.accept(array, 0, buf.position(), sender.getAddress(), "udp");
      } catch (RuntimeException bug) {
        LOG.error("envelope handling failed; datagram dropped, listener continues", bug);
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(channel);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(DatagramChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close UDP socket", e);
    }
  }
}
