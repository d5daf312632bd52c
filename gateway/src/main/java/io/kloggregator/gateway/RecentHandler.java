package io.kloggregator.gateway;

import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.schemas.proto.StoredLine;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * HTTP {@code GET /recent?app=ID[&n=N]}: the app's recent lines from the streams router, oldest
 * first, to the original client ({@link TailQuery#original()}), with {@code format=protobuf} or
 * with {@code Accept: multipart/x-protobuf} as the original's {@code multipart/x-protobuf} body
 * with one LogMessage per part; otherwise as JSON lines ({@code application/x-ndjson}).
 * 503 + Retry-After while the router rebalances. Runs on the event loop.
 */
final class RecentHandler {

  private final GatewayConfig config;
  private final RecentClient recent;
  private final GatewayMetrics metrics;
  private final LongSupplier nanoClock;

  RecentHandler(GatewayConfig config, RecentClient recent, GatewayMetrics metrics,
      LongSupplier nanoClock) {
    this.config = config;
    this.recent = recent;
    this.metrics = metrics;
    this.nanoClock = nanoClock;
  }

  /** Recent takes {@code n=N} (default and cap: the configured maximum) and no cursor. */
  QueryRules rules() {
    return new QueryRules("/recent", "n", config.maxRecent(), config.maxRecent(), false);
  }

  void handle(HttpServerRequest request, AuthorisedRequest authorised) {
    TailQuery query = authorised.query();
    long began = nanoClock.getAsLong();
    recent.recent(query.appId(), query.recent(), query.filter().rules()).onComplete(answer -> {
      metrics.dumpTook(Duration.ofNanos(nanoClock.getAsLong() - began));
      if (answer.succeeded()) {
        send(request, query, answer.result());
      } else if (answer.cause() instanceof RouterBusyException busy) {
        request.response().putHeader("Retry-After", Integer.toString(busy.retryAfterSeconds()));
        Endpoints.respond(request, 503, busy.getMessage());
      } else if (answer.cause() instanceof BadRequestException bad) {
        Endpoints.respond(request, 400, bad.getMessage());
      } else {
        Endpoints.respond(request, 502, "streams router failed: " + answer.cause().getMessage());
      }
    });
  }

  private void send(HttpServerRequest request, TailQuery query, RecentLines lines) {
    boolean protobuf = query.format() == TailQuery.Format.PROTOBUF
        || request.getHeader("Accept") != null
        && request.getHeader("Accept").toLowerCase(Locale.ROOT).contains("multipart/x-protobuf");
    Buffer body = Buffer.buffer();
    MultipartBody parts = new MultipartBody();
    int sent = 0;
    for (StoredLine stored : lines.getLinesList()) {
      TopicLine line = TopicLine.fromStored(stored);
      // The router filtered already; this keeps an older router's unfiltered answer right.
      if (!query.filter().matches(line)) {
        continue;
      }
      if (protobuf) {
        parts.add(line.raw());
      } else {
        body.appendBytes(line.json()).appendString("\n");
      }
      sent++;
    }
    metrics.framesSent(sent);
    request.response().setStatusCode(200)
        .putHeader("Content-Type", protobuf ? MultipartBody.CONTENT_TYPE : "application/x-ndjson")
        .end(protobuf ? parts.close() : body);
  }
}
