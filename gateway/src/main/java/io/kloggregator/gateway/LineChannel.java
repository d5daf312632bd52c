package io.kloggregator.gateway;

/**
 * Where a {@link TailSubscriber} writes: a WebSocket in one frame encoding
 * ({@link WebSocketChannel}) or a Server-Sent Events response ({@link EventStreamChannel}). Each
 * knows its wire form for a line and for a loss notice, and reports the transport's write queue
 * so the subscriber can hold lines back. Confined to the event loop.
 */
interface LineChannel {

  boolean isClosed();

  /** Whether the transport's own queue is full; {@code drained} runs once it has room. */
  boolean writeQueueFull();

  void drainHandler(Runnable drained);

  void writeLine(TopicLine line);

  /** Tells the client that {@code count} lines stamped {@code from..to} will never come. */
  void writeLoss(LossNotice notice);

  /** Ends the stream; {@code code} is a WebSocket close code ({@link CloseCodes}). */
  void close(short code, String reason);
}
