package io.kloggregator.agent;

import io.kloggregator.ops.RateLimitedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Sends encoded envelopes, one per datagram, to every ingest endpoint. {@link #offer} never
 * blocks: the queue is bounded and, when full, the oldest envelope is dropped and counted. One
 * daemon thread sends; {@link #offer} may be called from any thread.
 */
final class UdpEmitter implements AutoCloseable {

  private static final int BATCH = 256;
  // Queued by close() to wake the sender; compared by identity.
  private static final byte[] STOP = new byte[0];

  private final List<InetSocketAddress> endpoints;
  private final BlockingQueue<byte[]> queue;
  private final AgentMetrics metrics;
  private final RateLimitedLog sendErrors;
  // One connected channel per endpoint (index-aligned with endpoints): write() skips the
  // per-datagram address checks of send().
  private final List<DatagramChannel> channels = new ArrayList<>();
  // Sender-confined: the envelope is copied here once and written to every endpoint.
  private final ByteBuffer direct = ByteBuffer.allocateDirect(65_536);
  private final Thread sender;
  private volatile boolean closed;

  UdpEmitter(List<InetSocketAddress> endpoints, int capacity, AgentMetrics metrics) {
    this.endpoints = List.copyOf(endpoints);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.metrics = metrics;
    this.sendErrors = new RateLimitedLog(LoggerFactory.getLogger(UdpEmitter.class),
        Duration.ofSeconds(10), System::nanoTime);
    for (InetSocketAddress endpoint : this.endpoints) {
      try {
        channels.add(DatagramChannel.open().connect(endpoint));
      } catch (IOException e) {
        closeChannels();
        throw new UncheckedIOException("cannot open a UDP socket to " + endpoint, e);
      }
    }
    this.sender = new Thread(this::sendLoop, "agent-udp-sender");
    sender.setDaemon(true);
  }

  void start() {
    sender.start();
  }

  /** Queues one envelope; if the queue is full the oldest queued one is dropped. */
  void offer(byte[] envelope) {
    while (!queue.offer(envelope)) {
      if (queue.poll() != null) {
        metrics.droppedQueueFull.increment();
      }
    }
  }

  private void sendLoop() {
    List<byte[]> batch = new ArrayList<>(BATCH);
    while (true) {
      try {
        byte[] first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          if (closed) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        for (byte[] envelope : batch) {
          if (envelope == STOP) {
            return;
          }
          send(envelope);
        }
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void send(byte[] envelope) {
    direct.clear();
    direct.put(envelope, 0, Math.min(envelope.length, direct.capacity())).flip();
    for (int i = 0; i < channels.size(); i++) {
      try {
        direct.rewind();
        channels.get(i).write(direct);
      } catch (IOException e) {
        // A connected UDP socket reports an earlier ICMP port unreachable here.
        metrics.droppedSendError.increment();
        sendErrors.warn("cannot send to {}: {}", endpoints.get(i), e.toString());
      }
    }
    metrics.linesEmitted.increment();
  }

  /** Sends what is queued, then stops (waits up to 2 s). */
  @Override
  public void close() {
    closed = true;
    offer(STOP);
    try {
      sender.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeChannels();
  }

  private void closeChannels() {
    for (DatagramChannel channel : channels) {
      try {
        channel.close();
      } catch (IOException e) {
        LoggerFactory.getLogger(UdpEmitter.class).debug("closing a UDP socket failed", e);
      }
    }
  }
}
