package io.kloggregator.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.locks.LockSupport;

/** Sends datagrams from a pool to one port at a fixed rate (or flat out) for a duration. */
final class PacedUdpSender {

  private PacedUdpSender() {
  }

  /**
   * Sends {@code pool} round robin at {@code perSecond} (0 = as fast as possible) for
   * {@code seconds}; returns the number sent.
   */
  static long send(byte[][] pool, int port, long perSecond, double seconds) throws IOException {
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.connect(new InetSocketAddress("127.0.0.1", port));
      ByteBuffer[] buffers = new ByteBuffer[pool.length];
      for (int i = 0; i < pool.length; i++) {
        buffers[i] = ByteBuffer.wrap(pool[i]);
      }
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long sent = 0;
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          return sent;
        }
        long due = perSecond == 0 ? sent + 256 : (long) ((now - start) / 1e9 * perSecond);
        if (sent >= due) {
          LockSupport.parkNanos(50_000);
          continue;
        }
        while (sent < due) {
          ByteBuffer buffer = buffers[(int) (sent % buffers.length)];
          buffer.rewind();
          channel.write(buffer);
          sent++;
        }
      }
    }
  }
}
