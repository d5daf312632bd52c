package io.kloggregator.drain;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One open link of a {@link Drain} to its receiver: a syslog TCP/TLS socket
 * ({@link SocketLink}) or an HTTPS client ({@link HttpsLink}). The drain takes one from the
 * {@link DrainConnector} per connect and drops it when the link goes down. Confined to the
 * drain's context.
 */
interface DrainLink {

  /**
   * The lines of one send and its outcome: succeeds with null when the receiver (for a socket:
   * the kernel) took them, with a reason when the receiver refused them for good (an HTTP 4xx:
   * dropped, not retried); fails when the link is down (they are sent again).
   */
  record Sending(List<PendingLine> lines, Future<String> outcome) {
  }

  /** Whether the link takes no more lines now; the room handler fires once it does. */
  boolean isFull();

  /**
   * Takes lines from the head of {@code queue} and sends them, or returns null and takes none
   * while the link holds them back (an HTTPS batch not yet due: the room handler fires when it is).
   */
  Sending send(ArrayDeque<PendingLine> queue);

  /**
   * Whether a successful outcome is the receiver's own acknowledgement (an HTTP 2xx), so the
   * lines are delivered at once; a socket's lines must first settle.
   */
  boolean acknowledges();

  /** {@code onRoom} when the link takes lines again, {@code onDown} when it fails. */
  void handlers(Handler<Void> onRoom, Handler<LinkFailure> onDown);

  void close();
}
