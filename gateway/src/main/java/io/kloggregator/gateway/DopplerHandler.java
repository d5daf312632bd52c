package io.kloggregator.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The push streams of Doppler's API (2015-2020), binary dropsonde {@code Envelope} frames
 * ({@link FrameEncoding#DROPSONDE}): WS {@code /apps/<guid>/stream}, one app's lines live from
 * now (the tail's feed and back-pressure), and WS {@code /firehose/<subscription-id>}, every
 * app's lines for admin tokens, shared by the consumers of one subscription id
 * ({@link SubscriptionGroups}). Query parameters are ignored, as Doppler ignored them. The
 * paths are refused as Doppler refused them: a path without an id 404, the token by
 * {@link RouteGuard#doppler}. Runs on the event loop.
 */
final class DopplerHandler {

  static final String FIREHOSE = "firehose";
  private static final Pattern STREAM = Pattern.compile("^/apps/([^/]*)/stream/?$");
  private static final Pattern FIREHOSE_PATH = Pattern.compile("^/firehose/([^/]*)/?$");

  private final GatewayConfig config;
  private final RouteGuard guard;
  private final TailHandler tail;
  private final SubscriptionGroups groups;
  private final OpenSockets sockets;

  DopplerHandler(GatewayConfig config, RouteGuard guard, TailHandler tail,
      SubscriptionGroups groups, OpenSockets sockets) {
    this.config = config;
    this.guard = guard;
    this.tail = tail;
    this.groups = groups;
    this.sockets = sockets;
  }

  /** Whether {@code path} is one of Doppler's push streams (then {@link #handshake} takes it). */
  static boolean isDopplerPath(String path) {
    return path.startsWith("/apps/") || path.startsWith("/firehose/") || path.equals("/firehose");
  }

  void handshake(UpgradeRequest handshake) {
    Matcher stream = STREAM.matcher(handshake.path());
    Matcher firehose = FIREHOSE_PATH.matcher(handshake.path());
    if (stream.matches() && !stream.group(1).isEmpty()) {
      String app = stream.group(1);
      guard.doppler(handshake, app, (h, expiresAt) -> tail.follow(h, new AuthorisedRequest(
          new TailQuery(app, 0, null, TailQuery.Format.PROTOBUF, LineFilter.ALL, false),
          expiresAt), FrameEncoding.DROPSONDE));
    } else if (firehose.matches() && !firehose.group(1).isEmpty()) {
      guard.doppler(handshake, null, (h, expiresAt) -> firehose(h, firehose.group(1), expiresAt));
    } else {
      sockets.metrics().refused("http_404");
      handshake.reject(404);
    }
  }

  private void firehose(ServerWebSocketHandshake handshake, String subscription,
      Instant expiresAt) {
    handshake.accept().onSuccess(ws -> {
      TailSubscriber member = new TailSubscriber(
          new WebSocketChannel(ws, FrameEncoding.DROPSONDE, sockets.metrics()), null,
          LineFilter.ALL, config.socketQueueLimit(), config.hopelessLossFrames(),
          sockets.metrics());
      Promise<SubscriptionGroup> joined = Promise.promise();
      sockets.add(ws, expiresAt, () -> {
        member.close(CloseCodes.GOING_AWAY, "closed");
        joined.future().onSuccess(group -> groups.leave(group, member));
      });
      Future<SubscriptionGroup> group = groups.join(
          SubscriptionGroups.key(FIREHOSE, subscription, null), null, member);
      group.onComplete(joined);
      group.onFailure(e -> member.close(CloseCodes.INTERNAL_ERROR,
          "cannot read the log: " + e.getMessage()));
    });
  }
}
