package io.kloggregator.gateway;

import io.vertx.core.http.ServerWebSocket;

/** A {@link LineChannel} over one WebSocket in one {@link FrameEncoding}. Event-loop confined. */
final class WebSocketChannel implements LineChannel {

  private final ServerWebSocket ws;
  private final FrameEncoding encoding;
  private final GatewayMetrics metrics;

  WebSocketChannel(ServerWebSocket ws, FrameEncoding encoding, GatewayMetrics metrics) {
    this.ws = ws;
    this.encoding = encoding;
    this.metrics = metrics;
  }

  @Override
  public boolean isClosed() {
    return ws.isClosed();
  }

  @Override
  public boolean writeQueueFull() {
    return ws.writeQueueFull();
  }

  @Override
  public void drainHandler(Runnable drained) {
    ws.drainHandler(v -> drained.run());
  }

  @Override
  public void writeLine(TopicLine line) {
    encoding.writeLine(ws, line);
    metrics.framesSent(1);
  }

  @Override
  public void writeLoss(LossNotice notice) {
    encoding.writeLoss(ws, notice);
  }

  @Override
  public void close(short code, String reason) {
    if (!ws.isClosed()) {
      ws.close(code, reason);
    }
  }
}
