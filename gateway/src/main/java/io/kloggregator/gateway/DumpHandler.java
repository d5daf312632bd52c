package io.kloggregator.gateway;

import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.schemas.proto.StoredLine;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * WS {@code /dump/?app=ID[&n=N]}: sends the app's recent lines from the streams router (oldest
 * first, JSON text frames or the original's binary LogMessage frames with
 * {@code format=protobuf}) and closes with 1000. Runs on the event loop.
 */
final class DumpHandler {

  private final GatewayConfig config;
  private final RecentClient recent;
  private final OpenSockets sockets;
  private final GatewayMetrics metrics;
  private final LongSupplier nanoClock;

  DumpHandler(GatewayConfig config, RecentClient recent, OpenSockets sockets,
      GatewayMetrics metrics, LongSupplier nanoClock) {
    this.config = config;
    this.recent = recent;
    this.sockets = sockets;
    this.metrics = metrics;
    this.nanoClock = nanoClock;
  }

  /** Dump takes {@code n=N} (default and cap: the configured maximum) and no cursor. */
  QueryRules rules() {
    return new QueryRules("/dump/", "n", config.maxRecent(), config.maxRecent(), false);
  }

  void handle(ServerWebSocketHandshake handshake, AuthorisedRequest request) {
    TailQuery query = request.query();
    long began = nanoClock.getAsLong();
    recent.recent(query.appId(), query.recent(), query.filter().rules()).onComplete(answer -> {
      metrics.dumpTook(Duration.ofNanos(nanoClock.getAsLong() - began));
      if (answer.failed()) {
        refuse(handshake, answer.cause() instanceof RouterBusyException ? 503 : 500);
        return;
      }
      handshake.accept().onSuccess(ws -> send(ws, query, request, answer.result()));
    });
  }

  private void send(ServerWebSocket ws, TailQuery query, AuthorisedRequest request,
      RecentLines lines) {
    sockets.add(ws, request.expiresAt(), () -> { });
    FrameEncoding encoding = FrameEncoding.of(query.format());
    int sent = 0;
    for (StoredLine stored : lines.getLinesList()) {
      TopicLine line = TopicLine.fromStored(stored);
      // The router filtered already; this keeps an older router's unfiltered answer right.
      if (!query.filter().matches(line)) {
        continue;
      }
      encoding.writeLine(ws, line);
      sent++;
    }
    metrics.framesSent(sent);
    ws.close(CloseCodes.NORMAL, "dump complete");
  }

  private void refuse(ServerWebSocketHandshake handshake, int status) {
    metrics.refused("http_" + status);
    handshake.reject(status);
  }
}
