package io.kloggregator.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's meters, registered once per {@link Agent}. Counters are thread-safe; the gauges
 * read atomics that their single owner sets.
 */
final class AgentMetrics {

  /** kloggregator.agent.lines.read: lines split from the app sockets (cut ones included). */
  final Counter linesRead;
  /**
   * kloggregator.agent.lines.emitted: lines sent, once per line: over UDP when written to the
   * socket, over gRPC when the bridge answered their batch (Kafka holds them).
   */
  final Counter linesEmitted;
  /** kloggregator.agent.batches.sent: gRPC batches the bridge took. */
  final Counter batchesSent;
  /** kloggregator.agent.lines.resent: lines of gRPC batches sent again after a failed call. */
  final Counter linesResent;
  /** kloggregator.agent.batches.failed{reason=tls}: gRPC calls refused at the TLS handshake. */
  final Counter batchesFailedTls;
  /**
   * kloggregator.agent.batches.failed{reason=status}: other failed gRPC calls (bridge down,
   * UNAVAILABLE because Kafka failed, deadline).
   */
  final Counter batchesFailedStatus;
  /** kloggregator.agent.lines.cut{reason=line_length}: lines longer than maxLineBytes. */
  final Counter cutLineLength;
  /** kloggregator.agent.lines.cut{reason=datagram}: messages cut to MessageLimits' maximum. */
  final Counter cutDatagram;
  /** kloggregator.agent.lines.dropped{reason=queue_full}: oldest envelopes dropped on overflow. */
  final Counter droppedQueueFull;
  /**
   * kloggregator.agent.lines.dropped{reason=send_error}: UDP sends that failed; TCP lines that
   * were buffered when their stream failed, or sent while it could not be reopened; gRPC lines
   * given up on at close.
   */
  final Counter droppedSendError;
  /** kloggregator.agent.reconnects: connection attempts after a failure or end of stream. */
  final Counter reconnects;
  /** kloggregator.agent.instances.file.errors: instances.json reads that failed to parse. */
  final Counter fileErrors;
  /** kloggregator.agent.readers.open: socket connections open now. */
  final AtomicInteger readersOpen = new AtomicInteger();
  /** kloggregator.agent.instances: instances listed and read now. */
  final AtomicInteger instances = new AtomicInteger();

  /** Streams of listed instances that are not connected now. */
  int readersWaiting() {
    return Math.max(0, 2 * instances.get() - readersOpen.get());
  }

  AgentMetrics(MeterRegistry registry) {
    linesRead = Counter.builder("kloggregator.agent.lines.read").register(registry);
    linesEmitted = Counter.builder("kloggregator.agent.lines.emitted").register(registry);
    batchesSent = Counter.builder("kloggregator.agent.batches.sent").register(registry);
    linesResent = Counter.builder("kloggregator.agent.lines.resent").register(registry);
    batchesFailedTls = Counter.builder("kloggregator.agent.batches.failed").tag("reason", "tls")
        .register(registry);
    batchesFailedStatus = Counter.builder("kloggregator.agent.batches.failed")
        .tag("reason", "status").register(registry);
    cutLineLength = Counter.builder("kloggregator.agent.lines.cut").tag("reason", "line_length")
        .register(registry);
    cutDatagram = Counter.builder("kloggregator.agent.lines.cut").tag("reason", "datagram")
        .register(registry);
    droppedQueueFull = Counter.builder("kloggregator.agent.lines.dropped")
        .tag("reason", "queue_full").register(registry);
    droppedSendError = Counter.builder("kloggregator.agent.lines.dropped")
        .tag("reason", "send_error").register(registry);
    reconnects = Counter.builder("kloggregator.agent.reconnects").register(registry);
    fileErrors = Counter.builder("kloggregator.agent.instances.file.errors").register(registry);
    Gauge.builder("kloggregator.agent.readers.open", readersOpen, AtomicInteger::get)
        .register(registry);
    Gauge.builder("kloggregator.agent.instances", instances, AtomicInteger::get)
        .register(registry);
    // kloggregator.agent.readers.waiting: listed streams not connected now (dialling or backing
    // off), e.g. sockets that do not exist yet.
    Gauge.builder("kloggregator.agent.readers.waiting", this, AgentMetrics::readersWaiting)
        .register(registry);
  }
}
