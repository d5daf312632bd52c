package io.kloggregator.gateway;

import io.kloggregator.ops.OpsEndpoints;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * The gateway's path dispatcher: WS {@code /tail/} and {@code /dump/}, HTTP {@code /recent}, the
 * push streams of Doppler (WS {@code /apps/<id>/stream}, {@code /firehose/<id>}) and of the RLP
 * gateway ({@code GET /v2/read}), the later generations' reads ({@link ReadRoutes}), the live-tail
 * page at {@code /}, and {@code /metrics} and {@code /health} as operations' {@link OpsEndpoints}
 * answers them. Anything else is 404. Every app endpoint is reached through {@link RouteGuard}, so
 * its handler only sees authorised requests. Runs on the event loop.
 */
final class Endpoints {

  private final TailHandler tail;
  private final DumpHandler dump;
  private final RecentHandler recent;
  private final WebPage page;
  private final RouteGuard guard;
  private final OpsEndpoints ops;
  private final GatewayMetrics metrics;
  private final ReadRoutes reads;
  private final DopplerHandler doppler;
  private final RlpReadHandler rlp;

  Endpoints(TailHandler tail, DumpHandler dump, RecentHandler recent, WebPage page,
      RouteGuard guard, OpsEndpoints ops, GatewayMetrics metrics, ReadRoutes reads,
      DopplerHandler doppler, RlpReadHandler rlp) {
    this.tail = tail;
    this.dump = dump;
    this.recent = recent;
    this.page = page;
    this.guard = guard;
    this.ops = ops;
    this.metrics = metrics;
    this.reads = reads;
    this.doppler = doppler;
    this.rlp = rlp;
  }

  /** A WebSocket upgrade, routed by its path (an unknown path is a 404). */
  void handshake(UpgradeRequest handshake) {
    switch (handshake.path()) {
      case "/tail/", "/tail" -> guard.webSocket(handshake, tail.rules(), tail::handle);
      case "/dump/", "/dump" -> guard.webSocket(handshake, dump.rules(), dump::handle);
      default -> {
        if (DopplerHandler.isDopplerPath(handshake.path())) {
          doppler.handshake(handshake);
          return;
        }
        metrics.refused("http_404");
        handshake.reject(404);
      }
    }
  }

  void request(HttpServerRequest request) {
    if (request.canUpgradeToWebSocket()) {
      handshake(new UpgradeRequest(request));
      return;
    }
    request.response().headersEndHandler(v -> countRefusal(request));
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      respond(request, 405, "only GET is supported");
      return;
    }
    Optional<OpsEndpoints.Answer> answer = ops.answer(request.path());
    if (answer.isPresent()) {
      request.response().setStatusCode(answer.get().status())
          .putHeader("Content-Type", answer.get().contentType()).end(answer.get().body());
      return;
    }
    if (reads.request(request)) {
      return;
    }
    switch (request.path()) {
      case "/recent", "/recent/" -> guard.http(request, recent.rules(), recent::handle);
      case "/", "/index.html" -> page.handle(request);
      case "/v2/read" -> guard.rlp(request, rlp::handle);
      case "/tail/", "/tail", "/dump/", "/dump" ->
          respond(request, 400, "this endpoint needs a WebSocket upgrade");
      default -> respond(request, DopplerHandler.isDopplerPath(request.path()) ? 400 : 404,
          DopplerHandler.isDopplerPath(request.path()) ? "this endpoint needs a WebSocket upgrade"
          : "no such endpoint: try /tail/, /dump/, /recent, /metrics or /health");
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
