package io.kloggregator.gateway;

import java.util.ArrayDeque;

/**
 * One streaming client (a tail, a Doppler stream, a firehose or RLP subscriber): filters lines
 * and writes them to its {@link LineChannel}. When the channel's write queue is full, lines wait
 * in a bounded queue; when that is full too, the oldest is dropped and one loss notice (in the
 * channel's own form: kloggregator's {@code {"type":"loss","count","from","to"}}, or, as the
 * original, an ERR line from source {@code LGR}) goes out before the next line. A client that
 * never catches up (its queue never empties) is closed with {@link CloseCodes#TOO_SLOW} after
 * {@code hopelessLossFrames} loss notices, or once it has lost that many queues' worth of lines.
 * Confined to the event loop.
 */
final class TailSubscriber implements LineSink {

  private final LineChannel channel;
  private final String appId;
  private final LineFilter filter;
  private final int queueLimit;
  private final int hopelessLossFrames;
  private final GatewayMetrics metrics;
  private final ArrayDeque<TopicLine> queue = new ArrayDeque<>();
  private long skipBelow = -1;
  private long lost;
  private long lostFrom;
  private long lostTo;
  private String lostApp;
  private String lossReason = LossNotice.SLOW_CLIENT;
  private int lossFrames;
  private long droppedSinceDrained;
  private boolean closed;

  /** A subscriber of {@code appId}'s lines (null: of every app's) that pass {@code filter}. */
  TailSubscriber(LineChannel channel, String appId, LineFilter filter, int queueLimit,
      int hopelessLossFrames, GatewayMetrics metrics) {
    this.channel = channel;
    this.appId = appId;
    this.filter = filter;
    this.queueLimit = queueLimit;
    this.hopelessLossFrames = hopelessLossFrames;
    this.metrics = metrics;
    this.lostApp = appId == null ? "" : appId;
    channel.drainHandler(this::flush);
  }

  @Override
  public String appId() {
    return appId;
  }

  /** Lines below this offset are ignored (they were already sent, e.g. by a dump). */
  void skipBelow(long offset) {
    skipBelow = offset;
  }

  @Override
  public void accept(TopicLine line) {
    if (closed || line.offset() < skipBelow || !filter.matches(line)) {
      return;
    }
    if (channel.isClosed()) {
      closed = true;
      queue.clear();
      return;
    }
    if (queue.isEmpty() && lost == 0 && !channel.writeQueueFull()) {
      channel.writeLine(line);
      return;
    }
    if (queue.size() >= queueLimit) {
      TopicLine dropped = queue.removeFirst();
      noteLoss(1, dropped.timestamp(), dropped.timestamp(), LossNotice.SLOW_CLIENT);
      lostApp = dropped.appId();
      metrics.dropped("slow_client");
      if (++droppedSinceDrained >= (long) queueLimit * hopelessLossFrames) {
        close(CloseCodes.TOO_SLOW, "too slow: " + droppedSinceDrained
            + " lines dropped without catching up");
        return;
      }
    }
    queue.addLast(line);
    flush();
  }

  /**
   * Whether lines are waiting (queued, or a loss not yet told) or the channel is full: a
   * {@link SubscriptionGroup} gives the next line to another member.
   */
  boolean isBackedUp() {
    return closed || lost > 0 || !queue.isEmpty() || channel.writeQueueFull();
  }

  /** Records that {@code count} lines stamped {@code from..to} will never reach the client. */
  void noteLoss(long count, long from, long to, String reason) {
    if (lost == 0) {
      lostFrom = from;
      lossReason = reason;
    }
    lost += count;
    lostTo = to;
  }

  /** Sends pending loss notice and queued lines while the channel can take them. */
  void flush() {
    if (channel.isClosed()) {
      closed = true;
      queue.clear();
      return;
    }
    while (!closed && !channel.writeQueueFull() && (lost > 0 || !queue.isEmpty())) {
      if (lost > 0) {
        channel.writeLoss(new LossNotice(lostApp, lost, lostFrom, lostTo, lossReason));
        lost = 0;
        if (++lossFrames >= hopelessLossFrames) {
          close(CloseCodes.TOO_SLOW, "too slow: " + lossFrames + " loss frames");
          return;
        }
      } else {
        channel.writeLine(queue.removeFirst());
      }
    }
    if (queue.isEmpty() && lost == 0) {
      lossFrames = 0;
      droppedSinceDrained = 0;
    }
  }

  @Override
  public void feedClosed(String reason) {
    close(CloseCodes.GOING_AWAY, reason);
  }

  void close(short code, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    channel.close(code, reason);
  }

  boolean isClosed() {
    return closed;
  }
}
