package io.kloggregator.agent;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.kloggregator.ops.Backoff;
import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.schemas.IngressMethods;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;

/**
 * The queue and sender thread of one bridge endpoint: batches the encoded envelopes offered to
 * it ({@link BatchWindow}) and sends each batch as one {@code loggregator.v2.Ingress/Send} call.
 * The bridge answers a call once Kafka holds every line of it, so a batch counts as emitted only
 * then; a failed call (bridge down, Kafka failed, TLS refused, deadline) is sent again, the same
 * batch, after a capped jittered backoff, and counted as resent. One call at a time, in queue
 * order, so an app's lines reach Kafka in order (a retried batch may arrive twice: at least
 * once). {@link #offer} never blocks: the queue is bounded and drops its oldest envelope, counted.
 * {@link #offer} may be called from any thread; the rest is confined to the sender thread.
 */
final class GrpcLane implements AutoCloseable {

  private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);

  /** What every lane of one emitter shares. */
  record Shared(int capacity, int batchSize, Duration flushInterval, Duration retryMin,
      Duration retryMax, AgentMetrics metrics, LongSupplier ticker, RateLimitedLog errors) {
  }

  private final InetSocketAddress endpoint;
  private final ManagedChannel channel;
  private final Shared shared;
  private final AgentMetrics metrics;
  private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
  // Envelopes queued; may briefly exceed capacity by the number of concurrent offers.
  private final AtomicInteger size = new AtomicInteger();
  private final BatchWindow window;
  private final Backoff backoff;
  private final Thread sender;
  private volatile boolean closed;
  // Set by close(): past this ticker time a failing batch is dropped instead of sent again.
  private volatile long giveUpAt;
  // True while the sender may be parked on an empty queue; offer() then unparks it.
  private volatile boolean senderParked;

  GrpcLane(int index, InetSocketAddress endpoint, ManagedChannel channel, Shared shared) {
    this.endpoint = endpoint;
    this.channel = channel;
    this.shared = shared;
    this.metrics = shared.metrics();
    this.window = new BatchWindow(shared.batchSize(), shared.flushInterval());
    this.backoff = new Backoff(shared.retryMin(), shared.retryMax());
    this.sender = new Thread(this::sendLoop, "agent-grpc-sender-" + index);
    sender.setDaemon(true);
  }

  void start() {
    sender.start();
  }

  /** Queues one encoded envelope; if the queue is full the oldest queued one is dropped. */
  void offer(byte[] envelope) {
    queue.offer(envelope);
    if (size.incrementAndGet() > shared.capacity() && queue.poll() != null) {
      size.decrementAndGet();
      metrics.droppedQueueFull.increment();
    }
    if (senderParked) {
      LockSupport.unpark(sender);
    }
  }

  private void sendLoop() {
    while (true) {
      byte[] envelope = queue.poll();
      long now = shared.ticker().getAsLong();
      if (envelope != null) {
        size.decrementAndGet();
        if (window.add(envelope, now)) {
          send(window.take());
        }
        continue;
      }
      if (window.isDue(now) || closed && !window.isEmpty()) {
        send(window.take());
        continue;
      }
      if (closed) {
        if (queue.isEmpty()) {
          return;
        }
        continue;
      }
      senderParked = true;
      if (queue.isEmpty()) {
        LockSupport.parkNanos(this, Math.min(window.nanosUntilDue(now), PARK_NANOS));
      }
      senderParked = false;
    }
  }

  /** Sends {@code batch} until the bridge takes it, or until close() gives up on it. */
  private void send(BatchWindow.Batch batch) {
    while (true) {
      try {
        ClientCalls.blockingUnaryCall(channel, IngressMethods.SEND, CallOptions.DEFAULT
            .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS), batch.message());
        metrics.batchesSent.increment();
        metrics.linesEmitted.increment(batch.lines());
        backoff.reset();
        return;
      } catch (StatusRuntimeException e) {
        boolean tls = isTlsRefusal(e);
        (tls ? metrics.batchesFailedTls : metrics.batchesFailedStatus).increment();
        shared.errors().warn("gRPC Send of {} lines to {} failed, sending again: {}",
            batch.lines(), endpoint.getHostString() + ":" + endpoint.getPort(), describe(e, tls));
      }
      long delay = TimeUnit.MILLISECONDS.toNanos(backoff.nextDelayMillis());
      if (closed) {
        long left = giveUpAt - shared.ticker().getAsLong();
        if (left <= 0) {
          metrics.droppedSendError.increment(batch.lines());
          return;
        }
        delay = Math.min(delay, left);
      }
      LockSupport.parkNanos(this, delay);
      metrics.linesResent.increment(batch.lines());
    }
  }

  private static boolean isTlsRefusal(StatusRuntimeException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(StatusRuntimeException e, boolean tls) {
    Status status = e.getStatus();
    String text = status.getCode() + (status.getDescription() == null ? ""
        : " (" + status.getDescription() + ")");
    if (tls) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return text + ": the TLS handshake failed (" + root.getMessage() + "); check that "
          + AgentConfig.GRPC_CERT.name() + " chains to the bridge's gRPC CA and "
          + AgentConfig.GRPC_CA.name() + " holds the CA of the bridge's certificate";
    }
    return text;
  }

  /**
   * Sends what is queued, retrying a failing batch for up to 5 s, then stops and closes the
   * channel; lines of a batch it gives up on are counted as dropped (send_error).
   */
  @Override
  public void close() {
    giveUpAt = shared.ticker().getAsLong() + CLOSE_LIMIT.toNanos();
    closed = true;
    LockSupport.unpark(sender);
    try {
      if (sender.isAlive()) {
        sender.join(CLOSE_LIMIT.plusSeconds(1).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
