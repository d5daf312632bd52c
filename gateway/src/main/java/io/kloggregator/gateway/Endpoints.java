package io.kloggregator.gateway;

import io.kloggregator.ops.Health;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.function.Supplier;

/**
 * The gateway's path dispatcher: WS {@code /tail/} and {@code /dump/}, HTTP {@code /recent},
 * the live-tail page at {@code /},
 * {@code /metrics} (Prometheus) and {@code /health}. Anything else is 404. Runs on the event loop.
 */
final class Endpoints {

  private final TailHandler tail;
  private final DumpHandler dump;
  private final RecentHandler recent;
  private final WebPage page;
  private final PrometheusMeterRegistry registry;
  private final Supplier<Health> health;
  private final GatewayMetrics metrics;

  Endpoints(TailHandler tail, DumpHandler dump, RecentHandler recent, WebPage page,
      PrometheusMeterRegistry registry, Supplier<Health> health, GatewayMetrics metrics) {
    this.metrics = metrics;
    this.tail = tail;
    this.dump = dump;
    this.recent = recent;
    this.page = page;
    this.registry = registry;
    this.health = health;
  }

  void handshake(ServerWebSocketHandshake handshake) {
    switch (handshake.path()) {
      case "/tail/", "/tail" -> tail.handle(handshake);
      case "/dump/", "/dump" -> dump.handle(handshake);
      default -> {
        metrics.refused("http_404");
        handshake.reject(404);
      }
    }
  }

  void request(HttpServerRequest request) {
    request.response().headersEndHandler(v -> countRefusal(request));
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      respond(request, 405, "only GET is supported");
      return;
    }
    switch (request.path()) {
      case "/recent", "/recent/" -> recent.handle(request);
      case "/", "/index.html" -> page.handle(request);
      case "/metrics" -> request.response().putHeader("Content-Type",
          "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
      case "/health" -> {
        Health h = health.get();
        request.response().setStatusCode(h.healthy() ? 200 : 503)
            .putHeader("Content-Type", "application/json").end(h.toJson());
      }
      case "/tail/", "/tail", "/dump/", "/dump" ->
          respond(request, 400, "this endpoint needs a WebSocket upgrade");
      default -> respond(request, 404, "no such endpoint: try /tail/, /dump/, /recent, "
          + "/metrics or /health");
    }
  }

  /**
   * For the server's invalid-request handler: Vert.x's own answer (400, 414 for a request line
   * too long, 431 for headers too large), counted.
   */
  void invalid(HttpServerRequest request) {
    HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
    countRefusal(request);
  }

  private void countRefusal(HttpServerRequest request) {
    int status = request.response().getStatusCode();
    if (status >= 400) {
      metrics.refused("http_" + status);
    }
  }

  static void respond(HttpServerRequest request, int status, String message) {
    request.response().setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8").end(message + "\n");
  }
}
