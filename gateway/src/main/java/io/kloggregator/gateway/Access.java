package io.kloggregator.gateway;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Default-deny authorisation of one request. The token comes from the {@code Authorization}
 * header ({@code Bearer <jwt>}, any case) or, as the original accepted, the {@code authorization}
 * query parameter ({@code bearer <jwt>} or the bare token). Thread-safe.
 */
final class Access {

  /**
   * The outcome: allowed until {@code expiresAt}, or refused with an HTTP status and a reason for
   * the client ({@code expiresAt} null).
   */
  record Decision(int status, String reason, Instant expiresAt) {

    static Decision refused(int status, String reason) {
      return new Decision(status, reason, null);
    }

    boolean allowed() {
      return status == 200;
    }
  }

  private static final String BEARER = "bearer ";

  private final TokenVerifier verifier;

  Access(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** Allows a token that grants {@code appId} (or is admin): 401 without one, 403 otherwise. */
  Decision check(MultiMap headers, MultiMap params, String appId) {
    return decide(headers, params, grant -> grant.allows(appId),
        "token does not grant access to app " + appId);
  }

  /** Allows an admin token only (the firehose, every source): 401 without one, 403 otherwise. */
  Decision checkAdmin(MultiMap headers, MultiMap params) {
    return decide(headers, params, Grant::admin, "this endpoint needs an admin token");
  }

  private Decision decide(MultiMap headers, MultiMap params, Predicate<Grant> allows,
      String denial) {
    Optional<String> token = token(headers, params);
    if (token.isEmpty()) {
      return Decision.refused(401,
          "authorization required: send 'Authorization: Bearer <token>'");
    }
    Optional<Grant> grant = verifier.verify(token.get());
    if (grant.isEmpty()) {
      return Decision.refused(401, "invalid or expired token");
    }
    if (!allows.test(grant.get())) {
      return Decision.refused(403, denial);
    }
    return new Decision(200, "", grant.get().expiresAt());
  }

  private static Optional<String> token(MultiMap headers, MultiMap params) {
    String header = headers.get("Authorization");
    if (header == null) {
      header = params.get("authorization");
    }
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    if (value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      value = value.substring(BEARER.length()).trim();
    }
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
