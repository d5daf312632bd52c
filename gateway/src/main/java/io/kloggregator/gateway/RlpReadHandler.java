package io.kloggregator.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The RLP gateway's {@code GET /v2/read}, once {@link RouteGuard#rlp} admitted it: a
 * Server-Sent Events stream ({@link EventStreamChannel}) of the selected sources' lines, live
 * from now. Streams with one {@code shard_id} (and the same selection) share the lines
 * ({@link SubscriptionGroups}); a stream without one is a group of its own. A heartbeat goes out
 * at the end of each {@link GatewayConfig#rlpHeartbeat} interval that sent no data, and the
 * closing event after {@link GatewayConfig#rlpStreamTimeout} or when the token expires,
 * whichever is first. A slow reader is a {@link TailSubscriber}: bounded queue, counted loss,
 * closed when hopeless. A query that selects no logs gets heartbeats only. Runs on the event loop.
 */
final class RlpReadHandler {

  static final String API = "rlp";

  private final GatewayConfig config;
  private final Vertx vertx;
  private final Context loop;
  private final SubscriptionGroups groups;
  private final GatewayMetrics metrics;
  private final Clock clock;

  RlpReadHandler(GatewayConfig config, Context loop, SubscriptionGroups groups,
      GatewayMetrics metrics, Clock clock) {
    this.config = config;
    this.vertx = loop.owner();
    this.loop = loop;
    this.groups = groups;
    this.metrics = metrics;
    this.clock = clock;
  }

  void handle(HttpServerRequest request, RlpQuery query, Instant expiresAt) {
    EventStreamChannel channel = new EventStreamChannel(request.response(), loop, metrics);
    channel.open();
    metrics.eventStreamOpened();
    TailSubscriber reader = new TailSubscriber(channel, null, LineFilter.ALL,
        config.socketQueueLimit(), config.hopelessLossFrames(), metrics);
    Future<SubscriptionGroup> group = query.logs()
        ? groups.join(key(query), query.apps(), reader) : Future.succeededFuture();
    group.onFailure(e -> reader.close(CloseCodes.INTERNAL_ERROR,
        "cannot read the log: " + e.getMessage()));
    long heartbeat = vertx.setPeriodic(config.rlpHeartbeat().toMillis(),
        id -> channel.heartbeat(clock.instant().getEpochSecond()));
    Duration untilExpiry = Duration.between(clock.instant(), expiresAt);
    boolean expiresFirst = untilExpiry.compareTo(config.rlpStreamTimeout()) < 0;
    long closing = vertx.setTimer(Math.max(1, (expiresFirst ? untilExpiry
        : config.rlpStreamTimeout()).toMillis()), id -> reader.close(CloseCodes.NORMAL,
        expiresFirst ? "closing due to token expiry" : "closing due to stream timeout"));
    Runnable ended = new Runnable() {
      private boolean done;

      @Override
      public void run() {
        if (done) {
          return;
        }
        done = true;
        vertx.cancelTimer(heartbeat);
        vertx.cancelTimer(closing);
        reader.close(CloseCodes.GOING_AWAY, "closed");
        metrics.eventStreamClosed();
        group.onSuccess(g -> {
          if (g != null) {
            groups.leave(g, reader);
          }
        });
      }
    };
    request.response().endHandler(v -> ended.run());
    request.response().closeHandler(v -> ended.run());
  }

  private String key(RlpQuery query) {
    return query.shardId() == null ? groups.soloKey(API)
        : SubscriptionGroups.key(API, query.shardId(), query.apps());
  }
}
