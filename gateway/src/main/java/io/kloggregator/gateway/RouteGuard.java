package io.kloggregator.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one authorisation step in front of every app endpoint: parses the query by the endpoint's
 * {@link QueryRules} (400 when malformed, or on a cursor the endpoint does not take), resolves the
 * app id, authorises the token with {@link Access#authorize} (401, 403; 503 when the identity
 * provider or Cloud Controller cannot be asked) and hands the handler only an
 * {@link AuthorisedRequest}. A refused WebSocket upgrade ({@link UpgradeRequest}) and a plain
 * request are answered alike: the reason as text and, on 401, {@code WWW-Authenticate: Bearer}
 * (on 503, {@code Retry-After}). The original client's request ({@link TailQuery#original()}) is
 * refused as the original refused from April 2014: every denial is 401 with
 * {@code WWW-Authenticate: Basic} and "You are not authorized." (a 503 stays a 503: it is no
 * denial). Doppler's API ({@link #doppler}) and the RLP gateway's ({@link #rlp}) are refused in
 * their own forms. Runs on the event loop.
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

  private static final String RETRY_AFTER_SECONDS = "5";

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
  void webSocket(UpgradeRequest handshake, QueryRules rules,
      BiConsumer<ServerWebSocketHandshake, AuthorisedRequest> handler) {
    admit(handshake.uri(), handshake.headers(), rules).onSuccess(admission -> {
      if (admission.admitted()) {
        handler.accept(handshake, admission.request());
      } else {
        metrics.refused("http_" + admission.status());
        handshake.refuse(admission.status(), admission.reason(), admission.challenge(),
            RETRY_AFTER_SECONDS);
      }
    });
  }

  /** Admits an HTTP request to {@code handler}, or answers the refusal. */
  void http(HttpServerRequest request, QueryRules rules,
      BiConsumer<HttpServerRequest, AuthorisedRequest> handler) {
    admit(request.uri(), request.headers(), rules).onSuccess(admission -> {
      if (admission.admitted()) {
        handler.accept(request, admission.request());
        return;
      }
      if (admission.status() == 401) {
        request.response().putHeader("WWW-Authenticate", admission.challenge());
      } else if (admission.status() == 503) {
        request.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
      }
      Endpoints.respond(request, admission.status(), admission.reason());
    });
  }

  /** How a later generation's endpoint answers a refusal: its status and reason. */
  interface Refusal {
    void answer(HttpServerRequest request, int status, String reason);
  }

  /** The plain refusal: the status, the reason as text, {@code WWW-Authenticate: Bearer} on 401. */
  static void refuse(HttpServerRequest request, int status, String reason) {
    if (status == 401) {
      request.response().putHeader("WWW-Authenticate", "Bearer");
    }
    Endpoints.respond(request, status, reason);
  }

  /**
   * Admits a request of a later generation's endpoint (dropsonde, Log Cache), which names the app
   * in its path and takes the token from the {@code Authorization} header only, to
   * {@code handler}; a refusal (401, 403) is answered in the endpoint's own form.
   */
  void http(HttpServerRequest request, String appId, Refusal refusal,
      Consumer<HttpServerRequest> handler) {
    access.authorize(request.headers(), MultiMap.caseInsensitiveMultiMap(), appId)
        .onSuccess(decision -> {
          if (decision.allowed()) {
            handler.accept(request);
          } else {
            if (decision.status() == 503) {
              request.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            }
            refusal.answer(request, decision.status(), decision.reason());
          }
        });
  }

  /**
   * Admits a handshake of Doppler's API for {@code appId} (null: the firehose, admin only) to
   * {@code handler} with the token's expiry, or rejects it as Doppler's last traffic controller
   * did: 401 without a valid token, and on the firehose without an admin one; 404 for a token
   * that does not grant the app (a 403 from Cloud Controller became 404 there, so a token cannot
   * tell which app ids exist). The 2015 controller answered 401 to that too. 503 when the answer
   * cannot be had (identity provider or Cloud Controller unreachable).
   */
  void doppler(UpgradeRequest handshake, String appId,
      BiConsumer<ServerWebSocketHandshake, Instant> handler) {
    MultiMap params;
    try {
      params = Requests.params(handshake.uri());
    } catch (BadRequestException e) {
      metrics.refused("http_400");
      handshake.refuse(400, e.getMessage(), null, null);
      return;
    }
    Future<Access.Decision> decided = appId == null
        ? access.authorizeAdmin(handshake.headers(), params)
        : access.authorize(handshake.headers(), params, appId);
    decided.onSuccess(decision -> {
      if (decision.allowed()) {
        handler.accept(handshake, decision.expiresAt());
        return;
      }
      int status = decision.status() == 503 ? 503
          : decision.status() == 403 && appId != null ? 404 : 401;
      metrics.refused("http_" + status);
      handshake.refuse(status, status == 404 ? "no such app" : decision.reason(), "Bearer",
          RETRY_AFTER_SECONDS);
    });
  }

  /**
   * Admits an RLP {@code GET /v2/read} to {@code handler}, in the RLP gateway's order and form:
   * the token first (none, invalid, not admin without {@code source_id}, or a source id it does
   * not grant: every one a 404; 503 when the answer cannot be had), then the query (400), each as
   * the RLP's JSON error.
   */
  void rlp(HttpServerRequest request, RlpHandler handler) {
    MultiMap params = orRefuse(request, () -> Requests.params(request.uri()));
    List<String> sources = params == null ? null
        : orRefuse(request, () -> List.copyOf(RlpQuery.sourceIds(params)));
    if (sources == null) {
      return;
    }
    Future<Access.Decision> decided = sources.isEmpty()
        ? access.authorizeAdmin(request.headers(), params)
        : everySource(request.headers(), params, sources, 0);
    decided.onSuccess(decision -> {
      if (decision.status() == 503) {
        request.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
        refuse(request, new RlpQuery.Refusal(503, "unavailable", decision.reason()));
        return;
      }
      if (!decision.allowed()) {
        refuse(request, RlpQuery.Refusal.NOT_FOUND);
        return;
      }
      RlpQuery query = orRefuse(request, () -> RlpQuery.parse(params));
      if (query != null) {
        handler.handle(request, query, decision.expiresAt());
      }
    });
  }

  /** The first refusal among {@code sources} from {@code index} on, else the last allowance. */
  private Future<Access.Decision> everySource(MultiMap headers, MultiMap params,
      List<String> sources, int index) {
    return access.authorize(headers, params, sources.get(index)).compose(decision ->
        !decision.allowed() || index + 1 == sources.size() ? Future.succeededFuture(decision)
            : everySource(headers, params, sources, index + 1));
  }

  /** What {@code step} gives, or null once a bad query was answered in the RLP's form. */
  private static <T> T orRefuse(HttpServerRequest request, Supplier<T> step) {
    try {
      return step.get();
    } catch (BadRequestException e) {
      refuse(request, new RlpQuery.Refusal(400, "invalid_query", e.getMessage()));
    } catch (RlpQuery.RefusedException e) {
      refuse(request, e.refusal());
    }
    return null;
  }

  private static void refuse(HttpServerRequest request, RlpQuery.Refusal refusal) {
    request.response().setStatusCode(refusal.status())
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff").end(Buffer.buffer(refusal.body()));
  }

  /** The admission of one request; never a failed future. */
  Future<Admission> admit(String uri, MultiMap headers, QueryRules rules) {
    MultiMap params;
    TailQuery query;
    try {
      params = Requests.params(uri);
      query = TailQuery.parse(params, headers.get("Accept"), rules.countParam(),
          rules.defaultCount(), rules.maxCount());
    } catch (BadRequestException e) {
      return Future.succeededFuture(Admission.refused(400, e.getMessage()));
    }
    if (query.cursor() != null && !rules.allowsCursor()) {
      return Future.succeededFuture(
          Admission.refused(400, "cursor is not supported by " + rules.path()));
    }
    return access.authorize(headers, params, query.appId())
        .map(decision -> admission(query, decision));
  }

  private static Admission admission(TailQuery query, Access.Decision decision) {
    if (decision.allowed()) {
      return new Admission(new AuthorisedRequest(query, decision.expiresAt()), 200, "", "");
    }
    return query.original() && decision.status() != 503
        ? Admission.refusedAsOriginal(decision.reason())
        : Admission.refused(decision.status(), decision.reason());
  }
}
