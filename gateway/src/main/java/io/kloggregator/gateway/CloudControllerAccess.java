package io.kloggregator.gateway;

import io.vertx.core.Future;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Asks Cloud Controller whether a user's token may read an app, as the original traffic
 * controller and today's log-cache auth proxy do: {@code GET <api>/v3/apps/<guid>} with the
 * user's own token; 200 = may read, 403 or 404 = may not, 401 = the token is refused. Answers
 * are cached per (token, app) for the TTL, at most the configured number (least recently used
 * dropped first), and concurrent questions for one pair share one request. Any other status, a
 * timeout or a connection failure fails the future (the caller answers 503, fail closed) and is
 * not cached. Thread-safe (guarded by this); requests run on the caller's event loop.
 */
final class CloudControllerAccess {

  /** What Cloud Controller said. */
  enum Answer { READ, DENIED, TOKEN_REFUSED }

  private record Cached(Answer answer, long expiresAt) {
  }

  private final ProviderClient client;
  private final CloudControllerConfig config;
  private final LongSupplier nanos;
  private final Map<String, Cached> answers;
  private final Map<String, Future<Answer>> asking = new HashMap<>();

  CloudControllerAccess(ProviderClient client, CloudControllerConfig config,
      LongSupplier nanos) {
    this.client = client;
    this.config = config;
    this.nanos = nanos;
    this.answers = new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
        return size() > config.cacheSize();
      }
    };
  }

  /** Whether {@code token} may read {@code appId}: cached, joined or asked. */
  synchronized Future<Answer> mayRead(String token, String appId) {
    String key = digest(token) + "/" + appId;
    Cached cached = answers.get(key);
    if (cached != null) {
      if (cached.expiresAt() - nanos.getAsLong() > 0) {
        return Future.succeededFuture(cached.answer());
      }
      answers.remove(key);
    }
    Future<Answer> pending = asking.get(key);
    if (pending != null) {
      return pending;
    }
    Future<Answer> asked = ask(token, appId).andThen(done -> remember(key, done.succeeded()
        ? done.result() : null));
    if (!asked.isComplete()) {
      asking.put(key, asked);
    }
    return asked;
  }

  private synchronized void remember(String key, Answer answer) {
    asking.remove(key);
    if (answer != null && !config.cacheTtl().isZero()) {
      answers.put(key, new Cached(answer, nanos.getAsLong() + config.cacheTtl().toNanos()));
    }
  }

  private Future<Answer> ask(String token, String appId) {
    URI url = URI.create(trimSlash(config.api().toString()) + "/v3/apps/" + pathSegment(appId));
    return client.get(url, "bearer " + token, config.timeout()).map(answer ->
        switch (answer.status()) {
          case 200 -> Answer.READ;
          case 403, 404 -> Answer.DENIED;
          case 401 -> Answer.TOKEN_REFUSED;
          default -> throw new IllegalStateException("Cloud Controller answered "
              + answer.status());
        });
  }

  /** {@code appId} percent-encoded as one path segment (RFC 3986 §3.3 unreserved kept). */
  static String pathSegment(String appId) {
    StringBuilder out = new StringBuilder();
    for (byte b : appId.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '~' || (c == '.' && !appId.matches("\\.+"))) {
        out.append(c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }

  private static String digest(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
