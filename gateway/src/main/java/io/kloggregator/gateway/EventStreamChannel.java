package io.kloggregator.gateway;

import io.kloggregator.schemas.envelopes.EnvelopeJson;
import io.kloggregator.schemas.envelopes.EnvelopeMapping;
import io.kloggregator.schemas.v2.Envelope;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LineChannel} over a Server-Sent Events response, in the RLP gateway's form (the
 * WHATWG HTML "server-sent events" format): each data event {@code data: <EnvelopeBatch JSON>}
 * ({@link EnvelopeJson#batch}) holds the lines written in one event-loop turn, at most
 * {@value #BATCH_LINES}, so a busy stream sends few large events and a quiet one sends each line
 * at once. {@code event: heartbeat} carries Unix seconds; {@code event: closing} ends the stream
 * with its reason. A loss notice is a batch of one ERR log envelope from source {@code LGR}.
 * Confined to the event loop.
 */
final class EventStreamChannel implements LineChannel {

  static final int BATCH_LINES = 100;
  private static final Buffer SEPARATOR = Buffer.buffer("\n\n");

  private final HttpServerResponse response;
  private final Context loop;
  private final GatewayMetrics metrics;
  private final List<Envelope> pending = new ArrayList<>();
  private boolean flushScheduled;
  private boolean wroteSinceHeartbeat;
  private boolean closed;

  EventStreamChannel(HttpServerResponse response, Context loop, GatewayMetrics metrics) {
    this.response = response;
    this.loop = loop;
    this.metrics = metrics;
  }

  /** Sends the status and headers at once, so the client knows the stream is open. */
  void open() {
    response.setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Connection", "keep-alive");
    response.writeHead();
  }

  @Override
  public boolean isClosed() {
    return closed || response.closed() || response.ended();
  }

  @Override
  public boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  @Override
  public void drainHandler(Runnable drained) {
    response.drainHandler(v -> drained.run());
  }

  @Override
  public void writeLine(TopicLine line) {
    pending.add(EnvelopeMapping.toV2(line.message()));
    if (pending.size() >= BATCH_LINES) {
      flushPending();
    } else if (!flushScheduled) {
      flushScheduled = true;
      loop.runOnContext(v -> {
        flushScheduled = false;
        flushPending();
      });
    }
  }

  @Override
  public void writeLoss(LossNotice notice) {
    flushPending();
    writeData(List.of(EnvelopeMapping.toV2(notice.logMessage())));
  }

  /** A heartbeat, unless data went out since the last one (as the RLP resets its timer). */
  void heartbeat(long unixSeconds) {
    if (!wroteSinceHeartbeat && !isClosed()) {
      response.write("event: heartbeat\ndata: " + unixSeconds + "\n\n");
    }
    wroteSinceHeartbeat = false;
  }

  /** Sends what is pending and the closing event with {@code reason}, and ends the response. */
  @Override
  public void close(short code, String reason) {
    if (isClosed()) {
      closed = true;
      return;
    }
    flushPending();
    closed = true;
    response.end("event: closing\ndata: " + reason.replace('\n', ' ') + "\n\n");
  }

  private void flushPending() {
    if (pending.isEmpty()) {
      return;
    }
    if (!isClosed()) {
      writeData(pending);
    }
    pending.clear();
  }

  private void writeData(List<Envelope> envelopes) {
    if (isClosed()) {
      return;
    }
    response.write(Buffer.buffer("data: ").appendBytes(EnvelopeJson.batch(envelopes))
        .appendBuffer(SEPARATOR));
    wroteSinceHeartbeat = true;
    metrics.framesSent(1);
  }
}
