package io.kloggregator.agent;

import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.proto.LogMessage;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Signs each line ({@link EnvelopeCodec}, on the offering thread) and sends it through an
 * {@link EnvelopeWire} (one datagram per line, or length-prefixed on a TCP stream), each to one
 * ingest endpoint chosen by its app id
 * (a hash, so one app's lines always take the same bridge and keep their order, while apps
 * spread over all bridges, as the original traffic controller's hasher did). {@link #offer}
 * never blocks: the queue is bounded and, when full, the oldest envelope is dropped and counted.
 * One daemon thread sends, in queue order; {@link #offer} may be called from any thread.
 */
final class SignedEmitter implements LineEmitter {

  private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  // Queued by close() to stop the sender after what is queued; compared by identity.
  private static final Datagram STOP = new Datagram(-1, new byte[0]);

  /** One envelope and the index of the endpoint it goes to. */
  private record Datagram(int endpoint, byte[] envelope) {
  }

  private final EnvelopeWire wire;
  private final Queue<Datagram> queue = new ConcurrentLinkedQueue<>();
  // Envelopes queued; may briefly exceed capacity by the number of concurrent offers.
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;
  private final AgentMetrics metrics;
  private final EnvelopeCodec codec;
  private final SignatureMode mode;
  private final Thread sender;
  private volatile boolean closed;
  // True while the sender may be parked on an empty queue; offer() then unparks it.
  private volatile boolean senderParked;

  /**
   * @param wire where the envelopes go; closed by {@link #close}
   * @param capacity envelopes queued at most
   * @param codec signs each offered line ({@code null} where only {@link #offer(String, byte[])}
   *     is used)
   * @param mode which signature
   */
  SignedEmitter(EnvelopeWire wire, int capacity, AgentMetrics metrics, EnvelopeCodec codec,
      SignatureMode mode) {
    this.wire = wire;
    this.capacity = capacity;
    this.metrics = metrics;
    this.codec = codec;
    this.mode = mode;
    this.sender = new Thread(this::sendLoop, "agent-envelope-sender");
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
    enqueue(new Datagram(Math.floorMod(appId.hashCode(), wire.endpoints()), envelope));
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
        wire.flush();
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
        wire.flush();
        return;
      }
      wire.write(datagram.endpoint(), datagram.envelope());
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
    wire.close();
  }
}
