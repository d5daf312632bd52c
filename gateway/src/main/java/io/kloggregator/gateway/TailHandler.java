package io.kloggregator.gateway;

import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.schemas.proto.StoredLine;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;

/**
 * WS {@code /tail/?app=ID}, once {@link RouteGuard} authorised it: streams
 * the app's lines from its partition's shared feed. {@code recent=n} first sends the last n lines
 * from the streams router and follows from their {@code next_offset}; {@code cursor=p:o} resumes
 * after the line with that cursor. Runs on the event loop.
 */
final class TailHandler {

  private final GatewayConfig config;
  private final LogPartitions partitions;
  private final Follow follow;
  private final RecentClient recent;
  private final OpenSockets sockets;

  TailHandler(GatewayConfig config, LogPartitions partitions, Follow follow,
      RecentClient recent, OpenSockets sockets) {
    this.config = config;
    this.partitions = partitions;
    this.follow = follow;
    this.recent = recent;
    this.sockets = sockets;
  }

  /** Tail takes {@code recent=n} (default none) and a resume {@code cursor}. */
  QueryRules rules() {
    return new QueryRules("/tail/", "recent", 0, config.maxRecent(), true);
  }

  void handle(ServerWebSocketHandshake handshake, AuthorisedRequest request) {
    follow(handshake, request, FrameEncoding.of(request.query().format()));
  }

  /** Streams the request's app in {@code encoding} (Doppler's stream uses this too). */
  void follow(ServerWebSocketHandshake handshake, AuthorisedRequest request,
      FrameEncoding encoding) {
    TailQuery query = request.query();
    int partition = partitions.partitionOf(query.appId());
    if (query.cursor() != null && query.cursor().partition() != partition) {
      refuse(handshake, 400);
      return;
    }
    Future<PartitionFeed> feed = follow.feed(partition);
    Future<RecentLines> dump = query.recent() > 0
        ? recent.recent(query.appId(), query.recent(), query.filter().rules())
        : Future.succeededFuture(null);
    Future.all(feed, dump).onComplete(ready -> {
      if (ready.failed()) {
        refuse(handshake, ready.cause() instanceof RouterBusyException ? 503 : 500);
        return;
      }
      handshake.accept().onSuccess(ws -> begin(ws, encoding, request, feed.result(),
          dump.result()));
    });
  }

  private void refuse(ServerWebSocketHandshake handshake, int status) {
    sockets.metrics().refused("http_" + status);
    handshake.reject(status);
  }

  private void begin(ServerWebSocket ws, FrameEncoding encoding, AuthorisedRequest request,
      PartitionFeed feed, RecentLines lines) {
    TailQuery query = request.query();
    TailSubscriber socket = new TailSubscriber(
        new WebSocketChannel(ws, encoding, sockets.metrics()),
        query.appId(), query.filter(), config.socketQueueLimit(), config.hopelessLossFrames(),
        sockets.metrics());
    sockets.add(ws, request.expiresAt(), () -> {
      socket.close(CloseCodes.GOING_AWAY, "closed");
      follow.leave(feed, socket);
    });
    long from = -1;
    if (lines != null) {
      for (StoredLine stored : lines.getLinesList()) {
        socket.accept(TopicLine.fromStored(stored));
      }
      from = lines.getNextOffset();
    } else if (query.cursor() != null) {
      from = query.cursor().offset() + 1;
    }
    follow.join(feed, socket, from);
  }
}
