package io.kloggregator.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark baseline: a Java UDP receiver set up as the bridge's (same buffer sizes, one thread,
 * blocking receive into a heap buffer) that only counts, to show what the JVM and the kernel cost
 * before the bridge does any work.
 */
final class UdpSink implements AutoCloseable {

  private final DatagramChannel channel;
  private final AtomicLong received = new AtomicLong();
  private final Thread thread;

  private UdpSink(DatagramChannel channel) {
    this.channel = channel;
    this.thread = new Thread(this::run, "udp-sink");
    this.thread.setDaemon(true);
  }

  static UdpSink start() throws IOException {
    DatagramChannel channel = DatagramChannel.open();
    channel.setOption(StandardSocketOptions.SO_RCVBUF, BridgeConfig.DEFAULT_RECEIVE_BUFFER_BYTES);
    channel.bind(new InetSocketAddress("127.0.0.1", 0));
    UdpSink sink = new UdpSink(channel);
    sink.thread.start();
    return sink;
  }

  int port() {
    return channel.socket().getLocalPort();
  }

  long count() {
    return received.get();
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocate(65_535);
    try {
      while (true) {
        buf.clear();
        channel.receive(buf);
        received.incrementAndGet();
      }
    } catch (ClosedChannelException closed) {
      return;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
