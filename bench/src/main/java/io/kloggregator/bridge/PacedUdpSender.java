package io.kloggregator.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Sends datagrams from a pool to one port at a fixed rate (or flat out) for a duration, from one
 * or several threads, each with its own socket (so the receiver's SO_REUSEPORT sockets share
 * them) and its own share of the pool (so each pool entry, one app, comes from one socket).
 */
final class PacedUdpSender {

  private PacedUdpSender() {
  }

  /**
   * Sends {@code pool} round robin at {@code perSecond} (0 = as fast as possible) for
   * {@code seconds}; returns the number sent.
   */
  static long send(byte[][] pool, int port, long perSecond, double seconds) throws IOException {
    return send(pool, port, perSecond, seconds, 1);
  }

  /**
   * {@link #send(byte[][], int, long, double)} from {@code senders} threads, each sending every
   * {@code senders}-th pool entry at its share of the rate; returns the number sent by all.
   */
  static long send(byte[][] pool, int port, long perSecond, double seconds, int senders)
      throws IOException {
    if (senders < 1 || senders > pool.length) {
      throw new IllegalArgumentException("senders must be 1.." + pool.length + ", was " + senders);
    }
    if (senders == 1) {
      return sendFrom(pool, port, perSecond, seconds);
    }
    List<CompletableFuture<Long>> running = new ArrayList<>();
    for (int t = 0; t < senders; t++) {
      int first = t;
      byte[][] mine = IntStream.range(0, pool.length).filter(i -> i % senders == first)
          .mapToObj(i -> pool[i]).toArray(byte[][]::new);
      long rate = perSecond / senders;
      running.add(CompletableFuture.supplyAsync(() -> {
        try {
          return sendFrom(mine, port, rate, seconds);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, runnable -> new Thread(runnable, "bench-udp-sender-" + first).start()));
    }
    return running.stream().mapToLong(CompletableFuture::join).sum();
  }

  private static long sendFrom(byte[][] pool, int port, long perSecond, double seconds)
      throws IOException {
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
