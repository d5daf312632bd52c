package io.kloggregator.gateway;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.json.JsonFrameEncoder;
import io.kloggregator.schemas.proto.LogMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;

/**
 * One tail client: filters its app's lines and writes them as frames. When Vert.x's write queue
 * is full, lines wait in a bounded queue; when that is full too, the oldest is dropped and one
 * loss frame ({@code {"type":"loss","count","from","to"}}; in protobuf, as the original, an ERR
 * LogMessage from source {@code LGR} in a binary frame) goes out before the next line. A client
 * that never catches up (its queue never empties) is closed with {@link CloseCodes#TOO_SLOW} after
 * {@code hopelessLossFrames} loss frames, or once it has lost that many queues' worth of lines.
 * Confined to the event loop.
 */
final class TailSubscriber implements LineSink {

  private final ServerWebSocket ws;
  private final TailQuery query;
  private final int queueLimit;
  private final int hopelessLossFrames;
  private final GatewayMetrics metrics;
  private final ArrayDeque<TopicLine> queue = new ArrayDeque<>();
  private long skipBelow = -1;
  private long lost;
  private long lostFrom;
  private long lostTo;
  private String lossReason = "slow client";
  private int lossFrames;
  private long droppedSinceDrained;
  private boolean closed;

  TailSubscriber(ServerWebSocket ws, TailQuery query, int queueLimit, int hopelessLossFrames,
      GatewayMetrics metrics) {
    this.ws = ws;
    this.query = query;
    this.queueLimit = queueLimit;
    this.hopelessLossFrames = hopelessLossFrames;
    this.metrics = metrics;
    ws.drainHandler(v -> flush());
  }

  @Override
  public String appId() {
    return query.appId();
  }

  /** Lines below this offset are ignored (they were already sent, e.g. by a dump). */
  void skipBelow(long offset) {
    skipBelow = offset;
  }

  @Override
  public void accept(TopicLine line) {
    if (closed || line.offset() < skipBelow || !query.filter().matches(line)) {
      return;
    }
    if (ws.isClosed()) {
      closed = true;
      queue.clear();
      return;
    }
    if (queue.isEmpty() && lost == 0 && !ws.writeQueueFull()) {
      write(line);
      return;
    }
    if (queue.size() >= queueLimit) {
      TopicLine dropped = queue.removeFirst();
      noteLoss(1, dropped.timestamp(), dropped.timestamp(), "slow client");
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

  /** Records that {@code count} lines stamped {@code from..to} will never reach the client. */
  void noteLoss(long count, long from, long to, String reason) {
    if (lost == 0) {
      lostFrom = from;
      lossReason = reason;
    }
    lost += count;
    lostTo = to;
  }

  /** Sends pending loss notice and queued lines while the socket can take them. */
  void flush() {
    if (ws.isClosed()) {
      closed = true;
      queue.clear();
      return;
    }
    while (!closed && !ws.writeQueueFull() && (lost > 0 || !queue.isEmpty())) {
      if (lost > 0) {
        writeLoss();
        lost = 0;
        if (++lossFrames >= hopelessLossFrames) {
          close(CloseCodes.TOO_SLOW, "too slow: " + lossFrames + " loss frames");
          return;
        }
      } else {
        write(queue.removeFirst());
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
    if (!ws.isClosed()) {
      ws.close(code, reason);
    }
  }

  boolean isClosed() {
    return closed;
  }

  private void writeLoss() {
    if (query.format() == TailQuery.Format.PROTOBUF) {
      String text = lossReason.equals("slow client")
          ? "Log message output too high. We've dropped " + lost + " messages"
          : "We've dropped " + lost + " messages (" + lossReason + ")";
      LogMessage notice = LogMessage.newBuilder()
          .setMessage(ByteString.copyFromUtf8(text))
          .setMessageType(LogMessage.MessageType.ERR)
          .setTimestamp(lostTo)
          .setAppId(query.appId())
          .setSourceName("LGR")
          .build();
      ws.writeBinaryMessage(Buffer.buffer(notice.toByteArray()));
    } else {
      ws.writeTextMessage(JsonFrameEncoder.loss(lost, lostFrom, lostTo, lossReason));
    }
  }

  private void write(TopicLine line) {
    if (query.format() == TailQuery.Format.PROTOBUF) {
      ws.writeBinaryMessage(Buffer.buffer(line.raw()));
    } else {
      TextFrames.write(ws, line.json());
    }
    metrics.framesSent(1);
  }
}
