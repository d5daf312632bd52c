package io.kloggregator.gateway;

import com.google.protobuf.UnsafeByteOperations;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Every open WebSocket of the gateway, for pings and shutdown. A socket is pinged every interval
 * (RFC 6455 §5.5.2); one that shows no sign of life (pong or any frame, such as the original
 * clients' keep-alive text) for three intervals is closed with {@link CloseCodes#NO_PONG}; one
 * whose token has expired is closed with {@link CloseCodes#POLICY} (1008). Confined to the event
 * loop.
 */
final class OpenSockets {

  private static final Buffer PING = Buffer.buffer("kl");

  private final Map<ServerWebSocket, long[]> lastSeen = new HashMap<>();
  private final Map<ServerWebSocket, Instant> expiries = new HashMap<>();
  private final GatewayMetrics metrics;
  private final LongSupplier nanoClock;
  private final Clock clock;
  private final long silentLimitNanos;

  OpenSockets(GatewayMetrics metrics, LongSupplier nanoClock, Clock clock,
      Duration pingInterval) {
    this.metrics = metrics;
    this.nanoClock = nanoClock;
    this.clock = clock;
    this.silentLimitNanos = pingInterval.multipliedBy(3).toNanos();
  }

  /**
   * Tracks {@code ws} until it closes or its token expires at {@code expiresAt}; {@code onClose}
   * runs once when it closes.
   */
  void add(ServerWebSocket ws, Instant expiresAt, Runnable onClose) {
    long[] seen = {nanoClock.getAsLong()};
    lastSeen.put(ws, seen);
    expiries.put(ws, expiresAt);
    metrics.socketOpened();
    ws.pongHandler(b -> seen[0] = nanoClock.getAsLong());
    ws.handler(b -> seen[0] = nanoClock.getAsLong());
    ws.frameHandler(frame -> {
      if (frame.isText() && frame.isFinal()
          && !UnsafeByteOperations.unsafeWrap(frame.binaryData().getBytes()).isValidUtf8()) {
        metrics.refused("ws_1007");
        ws.close((short) 1007, "text frame is not UTF-8");
      }
    });
    ws.exceptionHandler(e -> failed(ws, e));
    ws.closeHandler(v -> {
      expiries.remove(ws);
      if (lastSeen.remove(ws) != null) {
        metrics.socketClosed();
      }
      onClose.run();
    });
  }

  /**
   * A frame the client sent broke the protocol (unmasked, oversized, not UTF-8, unknown opcode):
   * the socket is closed with the code RFC 6455 gives for it; anything else is 1011.
   */
  private void failed(ServerWebSocket ws, Throwable e) {
    if (e instanceof CorruptedWebSocketFrameException corrupt) {
      int code = corrupt.closeStatus().code();
      metrics.refused("ws_" + code);
      ws.close((short) code, corrupt.closeStatus().reasonText());
    } else {
      ws.close(CloseCodes.INTERNAL_ERROR, "error");
    }
  }

  /** Pings every socket and closes the silent ones (called by the gateway's timer). */
  void pingAll() {
    long now = nanoClock.getAsLong();
    Instant wallNow = clock.instant();
    for (Map.Entry<ServerWebSocket, long[]> entry : List.copyOf(lastSeen.entrySet())) {
      if (entry.getKey().isClosed()) {
        continue; // its close handshake has begun; its close handler has not removed it yet
      } else if (!expiries.get(entry.getKey()).isAfter(wallNow)) {
        entry.getKey().close(CloseCodes.POLICY, "token expired");
      } else if (now - entry.getValue()[0] > silentLimitNanos) {
        entry.getKey().close(CloseCodes.NO_PONG, "no pong for 3 ping intervals");
      } else if (!entry.getKey().writeQueueFull()) {
        entry.getKey().writePing(PING);
      }
    }
  }

  /** Closes every socket with 1001 (shutdown). */
  void closeAll() {
    for (ServerWebSocket ws : List.copyOf(lastSeen.keySet())) {
      ws.close(CloseCodes.GOING_AWAY, "gateway shutting down");
    }
  }

  GatewayMetrics metrics() {
    return metrics;
  }

  int size() {
    return lastSeen.size();
  }
}
