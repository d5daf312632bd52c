package io.kloggregator.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.time.Instant;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The one authorisation step in front of every app endpoint: parses the query by the endpoint's
 * {@link QueryRules} (400 when malformed, or on a cursor the endpoint does not take), resolves the
 * app id, checks the token with {@link Access} (401, 403) and hands the handler only an
 * {@link AuthorisedRequest}. A WebSocket handshake is rejected with the bare status; a plain
 * request gets the reason as text and, on 401, {@code WWW-Authenticate: Bearer}. The original
 * client's request ({@link TailQuery#original()}) is refused as the original refused from April
 * 2014: every denial is 401 with {@code WWW-Authenticate: Basic} and "You are not authorized."
 * Doppler's API ({@link #doppler}) and the RLP gateway's ({@link #rlp}) are refused in their own
 * forms. Runs on the event loop.
 */
final class RouteGuard {

  /** The outcome of {@link #admit}: an authorised request, or a refusal's status and reason. */
  record Admission(AuthorisedRequest request, int status, String reason, String challenge) {

    static Admission refused(int status, String reason) {
      return new Admission(null, status, reason, "Bearer");
    }

    static Admission refusedAsOriginal(String reason) {
      return new Admission(null, 401, "You are not authorized. " + reason, "Basic");
    }

    boolean admitted() {
      return request != null;
    }
  }

  /** An RLP endpoint's handler: the request, its checked query, the token's expiry. */
  interface RlpHandler {
    void handle(HttpServerRequest request, RlpQuery query, Instant expiresAt);
  }

  private final Access access;
  private final GatewayMetrics metrics;

  RouteGuard(Access access, GatewayMetrics metrics) {
    this.access = access;
    this.metrics = metrics;
  }

  /** Admits a WebSocket handshake to {@code handler}, or rejects it (counted). */
  void webSocket(ServerWebSocketHandshake handshake, QueryRules rules,
      BiConsumer<ServerWebSocketHandshake, AuthorisedRequest> handler) {
    Admission admission = admit(handshake.uri(), handshake.headers(), rules);
    if (admission.admitted()) {
      handler.accept(handshake, admission.request());
    } else {
      metrics.refused("http_" + admission.status());
      handshake.reject(admission.status());
    }
  }

  /** Admits an HTTP request to {@code handler}, or answers the refusal. */
  void http(HttpServerRequest request, QueryRules rules,
      BiConsumer<HttpServerRequest, AuthorisedRequest> handler) {
    Admission admission = admit(request.uri(), request.headers(), rules);
    if (admission.admitted()) {
      handler.accept(request, admission.request());
      return;
    }
    if (admission.status() == 401) {
      request.response().putHeader("WWW-Authenticate", admission.challenge());
    }
    Endpoints.respond(request, admission.status(), admission.reason());
  }

  /**
   * Admits a handshake of Doppler's API for {@code appId} (null: the firehose, admin only) to
   * {@code handler} with the token's expiry, or rejects it as Doppler's last traffic controller
   * did: 401 without a valid token, and on the firehose without an admin one; 404 for a token
   * that does not grant the app (a 403 from Cloud Controller became 404 there, so a token cannot
   * tell which app ids exist). The 2015 controller answered 401 to that too.
   */
  void doppler(ServerWebSocketHandshake handshake, String appId,
      BiConsumer<ServerWebSocketHandshake, Instant> handler) {
    int status;
    try {
      MultiMap params = Requests.params(handshake.uri());
      Access.Decision decision = appId == null ? access.checkAdmin(handshake.headers(), params)
          : access.check(handshake.headers(), params, appId);
      if (decision.allowed()) {
        handler.accept(handshake, decision.expiresAt());
        return;
      }
      status = decision.status() == 403 && appId != null ? 404 : 401;
    } catch (BadRequestException e) {
      status = 400;
    }
    metrics.refused("http_" + status);
    handshake.reject(status);
  }

  /**
   * Admits an RLP {@code GET /v2/read} to {@code handler}, in the RLP gateway's order and form:
   * the token first (none, invalid, not admin without {@code source_id}, or a source id it does
   * not grant: every one a 404), then the query (400), each as the RLP's JSON error.
   */
  void rlp(HttpServerRequest request, RlpHandler handler) {
    RlpQuery query;
    Access.Decision decision = null;
    try {
      MultiMap params = Requests.params(request.uri());
      Set<String> sources = RlpQuery.sourceIds(params);
      if (sources.isEmpty()) {
        decision = access.checkAdmin(request.headers(), params);
      }
      for (String source : sources) {
        decision = access.check(request.headers(), params, source);
        if (!decision.allowed()) {
          break;
        }
      }
      if (!decision.allowed()) {
        refuse(request, RlpQuery.Refusal.NOT_FOUND);
        return;
      }
      query = RlpQuery.parse(params);
    } catch (BadRequestException e) {
      refuse(request, new RlpQuery.Refusal(400, "invalid_query", e.getMessage()));
      return;
    } catch (RlpQuery.RefusedException e) {
      refuse(request, e.refusal());
      return;
    }
    handler.handle(request, query, decision.expiresAt());
  }

  private static void refuse(HttpServerRequest request, RlpQuery.Refusal refusal) {
    request.response().setStatusCode(refusal.status())
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff").end(Buffer.buffer(refusal.body()));
  }

  Admission admit(String uri, MultiMap headers, QueryRules rules) {
    MultiMap params;
    TailQuery query;
    try {
      params = Requests.params(uri);
      query = TailQuery.parse(params, headers.get("Accept"), rules.countParam(),
          rules.defaultCount(), rules.maxCount());
    } catch (BadRequestException e) {
      return Admission.refused(400, e.getMessage());
    }
    if (query.cursor() != null && !rules.allowsCursor()) {
      return Admission.refused(400, "cursor is not supported by " + rules.path());
    }
    Access.Decision decision = access.check(headers, params, query.appId());
    if (!decision.allowed()) {
      return query.original() ? Admission.refusedAsOriginal(decision.reason())
          : Admission.refused(decision.status(), decision.reason());
    }
    return new Admission(new AuthorisedRequest(query, decision.expiresAt()), 200, "", "");
  }
}
