package io.kloggregator.gateway;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.HttpServerRequest;

/**
 * The later generations' HTTP reads, routed for {@link Endpoints}: Doppler's
 * {@code /apps/<id>/recentlogs} ({@link RecentLogsHandler}) and Log Cache's {@code /api/v1/info}
 * and {@code /api/v1/read/<source-id>} ({@link LogCacheHandler}), each read authorised by
 * {@link RouteGuard} for the app its path names and refused in its generation's form. Runs on
 * the event loop.
 */
final class ReadRoutes {

  private final RecentLogsHandler recentLogs;
  private final LogCacheHandler logCache;
  private final RouteGuard guard;

  ReadRoutes(RecentLogsHandler recentLogs, LogCacheHandler logCache, RouteGuard guard) {
    this.recentLogs = recentLogs;
    this.logCache = logCache;
    this.guard = guard;
  }

  /** Answers {@code request} if its path is one of these reads; false otherwise. */
  boolean request(HttpServerRequest request) {
    String path = request.path();
    if (path.equals(LogCacheHandler.INFO)) {
      logCache.info(request);
      return true;
    }
    if (path.startsWith(LogCacheHandler.READ)) {
      String sourceId = segment(path.substring(LogCacheHandler.READ.length()));
      if (sourceId == null) {
        request.response().setStatusCode(404).end();
      } else {
        guard.http(request, sourceId, LogCacheHandler::refuse,
            admitted -> logCache.read(admitted, sourceId));
      }
      return true;
    }
    if (path.startsWith(RecentLogsHandler.PREFIX) && path.endsWith(RecentLogsHandler.SUFFIX)) {
      String appId = segment(path.substring(RecentLogsHandler.PREFIX.length(),
          path.length() - RecentLogsHandler.SUFFIX.length()));
      if (appId == null) {
        return false;
      }
      guard.http(request, appId, RouteGuard::refuse, admitted -> recentLogs.handle(admitted,
          appId));
      return true;
    }
    return false;
  }

  /** One decoded path segment, or null when it is empty or holds a '/'. */
  private static String segment(String raw) {
    if (raw.isEmpty() || raw.indexOf('/') >= 0) {
      return null;
    }
    try {
      String decoded = QueryStringDecoder.decodeComponent(raw.replace("+", "%2B"));
      return decoded.isEmpty() || decoded.indexOf('/') >= 0 ? null : decoded;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
