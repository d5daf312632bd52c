package io.kloggregator.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.LogFilter;
import io.kloggregator.schemas.proto.RecentLines;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Asks the streams router for an app's last lines:
 * {@code GET {router}/v1/recent?app=&n=[&LogFilter parameters]} →
 * {@code RecentLines} (schemas/README.md), or for its lines in a time range:
 * {@code GET {router}/v1/range?app=&start=&end=&limit=&descending=} (ns, end exclusive). Any
 * router instance answers (it forwards to the owner); an unreachable or busy (503) one is skipped
 * for the next. 503 from every router becomes {@link RouterBusyException} with the first busy
 * router's Retry-After, 400 a
 * {@link BadRequestException}. Use from an event loop.
 */
final class RecentClient {

  private static final int DEFAULT_RETRY_AFTER = 1;

  private final HttpClient http;
  private final List<URI> routers;
  private final Duration timeout;
  private int next;

  RecentClient(HttpClient http, List<String> routerUrls, Duration timeout) {
    this.http = http;
    this.routers = routerUrls.stream().map(URI::create).toList();
    this.timeout = timeout;
  }

  Future<RecentLines> recent(String appId, int n) {
    return recent(appId, n, LogFilter.ALL);
  }

  /** The app's newest {@code n} lines that {@code filter} matches (the router filters). */
  Future<RecentLines> recent(String appId, int n, LogFilter filter) {
    StringBuilder uri = new StringBuilder("/v1/recent?app=").append(encode(appId))
        .append("&n=").append(n);
    filter.params().forEach((name, value) -> uri.append('&').append(name).append('=')
        .append(encode(value)));
    return ask(uri.toString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The app's lines stamped in {@code [startNanos, endNanos)}, in the order asked. */
  Future<RecentLines> range(String appId, long startNanos, long endNanos, int limit,
      boolean descending) {
    return ask("/v1/range?app=" + URLEncoder.encode(appId, StandardCharsets.UTF_8)
        + "&start=" + startNanos + "&end=" + endNanos + "&limit=" + limit
        + "&descending=" + descending);
  }

  private Future<RecentLines> ask(String uri) {
    int first = next;
    next = (next + 1) % routers.size();
    return attempt(uri, first, 0);
  }

  private Future<RecentLines> attempt(String uri, int index, int tried) {
    return fetch(routers.get(index), uri).recover(e -> {
      if (holdsForEveryRouter(e)) {
        return Future.failedFuture(e);
      }
      if (tried + 1 < routers.size()) {
        return attempt(uri, (index + 1) % routers.size(), tried + 1)
            .recover(later -> Future.failedFuture(
                e instanceof RouterBusyException && later instanceof RouterBusyException
                    ? e : later));
      }
      return Future.failedFuture(e instanceof RouterBusyException ? e
          : new RouterBusyException("streams router unreachable: " + e.getMessage(),
              DEFAULT_RETRY_AFTER));
    });
  }

  /**
   * True when the router's answer holds for every router (a refused query, a broken answer);
   * false when another router may answer: a transport failure, or 503 from one that is starting
   * or rebalancing while another already owns the app.
   */
  private static boolean holdsForEveryRouter(Throwable e) {
    return e instanceof BadRequestException || e instanceof RouterAnswerException;
  }

  private Future<RecentLines> fetch(URI router, String uri) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(router.getHost())
        .setPort(router.getPort())
        .setURI(uri)
        .setTimeout(timeout.toMillis())
        .putHeader("Accept", "application/x-protobuf");
    return http.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().compose(body -> parse(response, body)));
  }

  private static Future<RecentLines> parse(HttpClientResponse response, Buffer body) {
    int status = response.statusCode();
    if (status == 200) {
      try {
        return Future.succeededFuture(RecentLines.parseFrom(body.getBytes()));
      } catch (InvalidProtocolBufferException e) {
        return Future.failedFuture(new RouterAnswerException(
            "streams router sent an unreadable RecentLines: " + e.getMessage()));
      }
    }
    if (status == 503) {
      return Future.failedFuture(new RouterBusyException("streams router is rebalancing",
          retryAfter(response.getHeader("Retry-After"))));
    }
    if (status == 400) {
      return Future.failedFuture(new BadRequestException("streams router refused the query: "
          + body.toString(StandardCharsets.UTF_8).trim()));
    }
    return Future.failedFuture(new RouterAnswerException("streams router answered " + status));
  }

  /** A router answered with something the gateway cannot use (a 5xx, or an unreadable body). */
  static final class RouterAnswerException extends RuntimeException {

    RouterAnswerException(String message) {
      super(message);
    }
  }

  private static int retryAfter(String header) {
    if (header == null) {
      return DEFAULT_RETRY_AFTER;
    }
    try {
      return Math.max(1, Integer.parseInt(header.trim()));
    } catch (NumberFormatException e) {
      return DEFAULT_RETRY_AFTER;
    }
  }
}
