package io.kloggregator.gateway;

import io.kloggregator.schemas.envelopes.EnvelopeMapping;
import io.kloggregator.schemas.proto.StoredLine;
import io.vertx.core.http.HttpServerRequest;

/**
 * Doppler's {@code GET /apps/<id>/recentlogs} as cf-java-client's {@code DopplerClient}, noaa and
 * cf CLI v6 read it: the app's recent lines from the streams router, oldest first, as a
 * {@code multipart/x-protobuf} body of dropsonde Envelopes ({@link EnvelopeMapping#toDropsonde}),
 * one per part. Refusals are the dropsonde-era traffic controller's: 401 without or with an
 * invalid token, 403 for another app's; 503 + Retry-After while the router rebalances. Runs on
 * the event loop.
 */
final class RecentLogsHandler {

  static final String PREFIX = "/apps/";
  static final String SUFFIX = "/recentlogs";

  private final RecentClient recent;
  private final int lines;
  private final GatewayMetrics metrics;

  RecentLogsHandler(RecentClient recent, int lines, GatewayMetrics metrics) {
    this.recent = recent;
    this.lines = lines;
    this.metrics = metrics;
  }

  void handle(HttpServerRequest request, String appId) {
    recent.recent(appId, lines).onComplete(answer -> {
      if (answer.succeeded()) {
        MultipartBody body = new MultipartBody();
        for (StoredLine line : answer.result().getLinesList()) {
          body.add(EnvelopeMapping.toDropsonde(line.getLogMessage()).toByteArray());
        }
        metrics.framesSent(answer.result().getLinesCount());
        request.response().setStatusCode(200).putHeader("Content-Type", MultipartBody.CONTENT_TYPE)
            .end(body.close());
      } else if (answer.cause() instanceof RouterBusyException busy) {
        request.response().putHeader("Retry-After", Integer.toString(busy.retryAfterSeconds()));
        Endpoints.respond(request, 503, busy.getMessage());
      } else {
        Endpoints.respond(request, 502, "streams router failed: " + answer.cause().getMessage());
      }
    });
  }
}
