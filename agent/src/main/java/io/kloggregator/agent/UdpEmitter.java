package io.kloggregator.agent;

import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.proto.LogMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * Signs each line ({@link EnvelopeCodec}, on the offering thread) and sends it, one per datagram,
 * each to one ingest endpoint chosen by its app id
 * (a hash, so one app's lines always take the same bridge and keep their order, while apps
 * spread over all bridges, as the original traffic controller's hasher did). {@link #offer}
 * never blocks: the queue is bounded and, when full, the oldest envelope is dropped and counted.
 * One daemon thread sends, in queue order; {@link #offer} may be called from any thread.
 */
final class UdpEmitter implements LineEmitter {

  private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  // Queued by close() to stop the sender after what is queued; compared by identity.
  private static final Datagram STOP = new Datagram(-1, new byte[0]);

  /** One envelope and the index of the endpoint it goes to. */
  private record Datagram(int endpoint, byte[] envelope) {
  }

  private final List<InetSocketAddress> endpoints;
  private final Queue<Datagram> queue = new ConcurrentLinkedQueue<>();
  // Envelopes queued; may briefly exceed capacity by the number of concurrent offers.
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;
  private final AgentMetrics metrics;
  private final EnvelopeCodec codec;
  private final SignatureMode mode;
  private final RateLimitedLog sendErrors;
  // One connected channel per endpoint (index-aligned with endpoints): write() skips the
  // per-datagram address checks of send().
  private final List<DatagramChannel> channels = new ArrayList<>();
  // Sender-confined: each envelope is copied here before it is written.
  private final ByteBuffer direct = ByteBuffer.allocateDirect(65_536);
  private final Thread sender;
  private volatile boolean closed;
  // True while the sender may be parked on an empty queue; offer() then unparks it.
  private volatile boolean senderParked;

  UdpEmitter(List<InetSocketAddress> endpoints, int capacity, AgentMetrics metrics,
      EnvelopeCodec codec, SignatureMode mode) {
    this.endpoints = List.copyOf(endpoints);
    this.capacity = capacity;
    this.metrics = metrics;
    this.codec = codec;
    this.mode = mode;
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

  @Override
  public void start() {
    sender.start();
  }

  @Override
  public void offer(LogMessage line) {
    offer(line.getAppId(), codec.encode(line, mode));
  }

  /**
   * Queues one encoded envelope; if the queue is full the oldest queued one is dropped.
   * Lock-free: a reader never waits for the sender or for another reader.
   */
  void offer(String appId, byte[] envelope) {
    enqueue(new Datagram(Math.floorMod(appId.hashCode(), channels.size()), envelope));
  }

  private void enqueue(Datagram datagram) {
    queue.offer(datagram);
    if (size.incrementAndGet() > capacity) {
      Datagram oldest = queue.poll();
      if (oldest != null) {
        size.decrementAndGet();
        if (oldest != STOP) {
          metrics.droppedQueueFull.increment();
        }
      }
    }
    if (senderParked) {
      LockSupport.unpark(sender);
    }
  }

  private void sendLoop() {
    while (true) {
      Datagram datagram = queue.poll();
      if (datagram == null) {
        if (closed) {
          return;
        }
        senderParked = true;
        if (queue.isEmpty()) {
          LockSupport.parkNanos(this, PARK_NANOS);
        }
        senderParked = false;
        continue;
      }
      size.decrementAndGet();
      if (datagram == STOP) {
        return;
      }
      send(datagram);
    }
  }

  private void send(Datagram datagram) {
    byte[] envelope = datagram.envelope();
    direct.clear();
    direct.put(envelope, 0, Math.min(envelope.length, direct.capacity())).flip();
    try {
      channels.get(datagram.endpoint()).write(direct);
      metrics.linesEmitted.increment();
    } catch (IOException e) {
      // A connected UDP socket reports an earlier ICMP port unreachable here.
      metrics.droppedSendError.increment();
      sendErrors.warn("cannot send to {}: {}", endpoints.get(datagram.endpoint()), e.toString());
    }
  }

  /** Sends what is queued, then stops (waits up to 2 s). */
  @Override
  public void close() {
    closed = true;
    enqueue(STOP);
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
