package io.kloggregator.gateway;

import io.kloggregator.schemas.envelopes.EnvelopeJson;
import io.kloggregator.schemas.envelopes.EnvelopeMapping;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.schemas.proto.StoredLine;
import io.kloggregator.schemas.v2.Envelope;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Log Cache's read API as cf CLI v7+ and cf-java-client's {@code LogCacheClient} use it:
 * {@code GET /api/v1/info} ({@code {"version":…,"vm_uptime":…}}) and
 * {@code GET /api/v1/read/<source-id>} ({@link LogCacheQuery}), answered as
 * {@code {"envelopes":{"batch":[…]}}} ({@link EnvelopeJson#logCacheRead}) with each line mapped by
 * {@link EnvelopeMapping#toV2}. Lines come from the router's recent store when it covers the
 * range ({@link LogCacheRange}), else from its history store (any time range it keeps). Refusals
 * are Log Cache's: every denied read is a bare 404 (its auth proxy), bad input a
 * {@link LogCacheError}; a busy router is 503 + Retry-After. Runs on the event loop.
 */
final class LogCacheHandler {

  static final String INFO = "/api/v1/info";
  static final String READ = "/api/v1/read/";
  /** The Log Cache version answered: 2.0.0 or later makes clients use the /api/v1 paths. */
  static final String VERSION = "2.11.0";

  private final RecentClient router;
  private final int recentLines;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final Instant started;

  LogCacheHandler(RecentClient router, int recentLines, GatewayMetrics metrics, Clock clock) {
    this.router = router;
    this.recentLines = recentLines;
    this.metrics = metrics;
    this.clock = clock;
    this.started = clock.instant();
  }

  void info(HttpServerRequest request) {
    long uptime = clock.instant().getEpochSecond() - started.getEpochSecond();
    request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
        .end("{\"version\":\"" + VERSION + "\",\"vm_uptime\":\"" + uptime + "\"}\n");
  }

  /** Log Cache's auth proxy: every refusal is a 404 with no body. */
  static void refuse(HttpServerRequest request, int status, String reason) {
    request.response().setStatusCode(404).end();
  }

  void read(HttpServerRequest request, String sourceId) {
    LogCacheQuery query;
    try {
      MultiMap params = Requests.params(request.uri());
      query = LogCacheQuery.parse(sourceId, params);
    } catch (BadRequestException e) {
      fail(request, LogCacheError.invalid(e.getMessage()));
      return;
    } catch (LogCacheError e) {
      fail(request, e);
      return;
    }
    Instant now = clock.instant();
    long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    lines(query, query.endNanos(nowNanos)).onComplete(answer -> {
      if (answer.succeeded()) {
        List<Envelope> envelopes = new ArrayList<>(answer.result().size());
        answer.result().forEach(line -> envelopes.add(EnvelopeMapping.toV2(line)));
        metrics.framesSent(envelopes.size());
        request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
            .end(Buffer.buffer(EnvelopeJson.logCacheRead(envelopes)));
      } else if (answer.cause() instanceof RouterBusyException busy) {
        request.response().putHeader("Retry-After", Integer.toString(busy.retryAfterSeconds()));
        fail(request, 503, LogCacheError.refused(busy.getMessage()));
      } else {
        fail(request, 502, LogCacheError.refused("streams router failed: "
            + answer.cause().getMessage()));
      }
    });
  }

  private Future<List<LogMessage>> lines(LogCacheQuery query, long end) {
    long start = query.startNanos();
    if (!query.logs() || end <= start) {
      return Future.succeededFuture(List.of());
    }
    return router.recent(query.sourceId(), recentLines).compose(recent -> {
      Optional<List<LogMessage>> fromRecent = LogCacheRange.fromRecent(messages(recent), start,
          end, query.limit(), query.descending());
      if (fromRecent.isPresent()) {
        metrics.readServed("recent");
        return Future.succeededFuture(fromRecent.get());
      }
      metrics.readServed("history");
      return router.range(query.sourceId(), start, end, query.limit(), query.descending())
          .map(LogCacheHandler::messages);
    });
  }

  private static List<LogMessage> messages(RecentLines lines) {
    List<LogMessage> messages = new ArrayList<>(lines.getLinesCount());
    for (StoredLine line : lines.getLinesList()) {
      messages.add(line.getLogMessage());
    }
    return messages;
  }

  private static void fail(HttpServerRequest request, LogCacheError error) {
    fail(request, error.httpStatus(), error);
  }

  private static void fail(HttpServerRequest request, int status, LogCacheError error) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(error.json()));
  }
}
