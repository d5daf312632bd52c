package io.kloggregator.gateway;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenID provider's signing keys, cached: fetched with {@link ProviderClient} from the
 * configured JWKS URL or the one discovery names ({@code <issuer>/.well-known/
 * openid-configuration}, whose {@code issuer} must be the configured one), parsed by nimbus's
 * {@link JWKSet}. A token whose {@code kid} is unknown refetches them, at most once per refresh
 * interval and one fetch at a time (callers share it); keys older than ten intervals are
 * refetched in the background while still used. So a rotation (new key added, old removed) is
 * followed without a restart. As a {@link JWKSource} it only answers from the cache, so nimbus
 * never does I/O. Thread-safe (guarded by this); fetches run on the caller's event loop.
 */
final class JwksKeys implements JWKSource<SecurityContext> {

  private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
  private static final String DISCOVERY = "/.well-known/openid-configuration";
  private static final int STALE_INTERVALS = 10;

  private final ProviderClient client;
  private final OidcConfig config;
  private final LongSupplier nanos;
  private JWKSet keys = new JWKSet();
  private URI jwksUrl;
  private long fetchedAt;
  private long attemptedAt;
  private boolean attempted;
  private Throwable lastFailure;
  private Future<Void> fetching;

  JwksKeys(ProviderClient client, OidcConfig config, LongSupplier nanos) {
    this.client = client;
    this.config = config;
    this.nanos = nanos;
    this.jwksUrl = config.jwksUrl();
  }

  /**
   * Completes once the keys are as current as the rate limit allows for a token signed with
   * {@code kid} (null: any key): at once when the key is cached; after a fetch when it is not
   * (shared with other callers); at once, with what is cached, when the last fetch was too
   * recent. Fails when the keys cannot be had (the provider unreachable).
   */
  synchronized Future<Void> ready(String kid) {
    boolean known = kid == null ? !keys.getKeys().isEmpty() : keys.getKeyByKeyId(kid) != null;
    long now = nanos.getAsLong();
    if (known) {
      if (now - fetchedAt > STALE_INTERVALS * interval() && mayFetch(now)) {
        fetch();
      }
      return Future.succeededFuture();
    }
    if (fetching != null) {
      return fetching;
    }
    if (mayFetch(now)) {
      return fetch();
    }
    return lastFailure == null ? Future.succeededFuture()
        : Future.failedFuture(unavailable(lastFailure));
  }

  /** Fetches the keys now, unless a fetch is running (then that one). */
  synchronized Future<Void> refresh() {
    return fetching != null ? fetching : fetch();
  }

  @Override
  public synchronized List<JWK> get(JWKSelector selector, SecurityContext context) {
    return selector.select(keys);
  }

  private long interval() {
    return Math.max(1, config.refreshInterval().toNanos());
  }

  private boolean mayFetch(long now) {
    return fetching == null && (!attempted || now - attemptedAt >= config.refreshInterval()
        .toNanos());
  }

  // Called holding the lock.
  private Future<Void> fetch() {
    attempted = true;
    attemptedAt = nanos.getAsLong();
    Future<Void> fetch = jwksUrl().compose(this::fetchKeys).transform(done -> {
      synchronized (this) {
        fetching = null;
        if (done.failed()) {
          lastFailure = done.cause();
          LOG.warn("cannot fetch the signing keys of {}: {}", config.issuer(),
              done.cause().getMessage());
          return Future.failedFuture(unavailable(done.cause()));
        }
        lastFailure = null;
        fetchedAt = nanos.getAsLong();
        if (!done.result().toString().equals(keys.toString())) {
          LOG.info("signing keys of {}: {}", config.issuer(), kids(done.result()));
        }
        keys = done.result();
        return Future.succeededFuture();
      }
    });
    fetching = fetch.isComplete() ? null : fetch;
    return fetch;
  }

  private Future<URI> jwksUrl() {
    synchronized (this) {
      if (jwksUrl != null) {
        return Future.succeededFuture(jwksUrl);
      }
    }
    URI discovery = URI.create(trimSlash(config.issuer().toString()) + DISCOVERY);
    return client.get(discovery, null, config.timeout()).map(answer -> {
      if (answer.status() != 200) {
        throw new IllegalStateException(discovery + " answered " + answer.status());
      }
      JsonObject document = new JsonObject(answer.body());
      if (!config.issuer().toString().equals(document.getString("issuer"))) {
        throw new IllegalStateException(discovery + " names issuer "
            + document.getString("issuer") + ", not " + config.issuer());
      }
      URI found = URI.create(document.getString("jwks_uri"));
      synchronized (this) {
        jwksUrl = found;
      }
      return found;
    });
  }

  private Future<JWKSet> fetchKeys(URI url) {
    return client.get(url, null, config.timeout()).map(answer -> {
      if (answer.status() != 200) {
        throw new IllegalStateException(url + " answered " + answer.status());
      }
      try {
        return JWKSet.parse(answer.body().toString()).toPublicJWKSet();
      } catch (ParseException e) {
        throw new IllegalStateException(url + " is not a JWK set: " + e.getMessage(), e);
      }
    });
  }

  private static String kids(JWKSet set) {
    return set.getKeys().stream().map(k -> k.getKeyID() + "(" + k.getKeyType() + ")").toList()
        .toString();
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static IllegalStateException unavailable(Throwable cause) {
    return new IllegalStateException("the identity provider's signing keys are unavailable ("
        + cause.getMessage() + ")", cause);
  }
}
