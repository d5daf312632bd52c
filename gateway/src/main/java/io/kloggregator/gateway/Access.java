package io.kloggregator.gateway;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Default-deny authorisation of one request. The token comes from the {@code Authorization}
 * header ({@code Bearer <jwt>}, any case) or, as the original accepted, the {@code authorization}
 * query parameter ({@code bearer <jwt>} or the bare token). A {@link BearerVerifier} checks it
 * (kloggregator's own tokens, or an OpenID provider's); in Cloud Foundry mode a non-admin
 * token's access to an app is Cloud Controller's answer ({@link CloudControllerAccess}).
 *
 * <p>{@link #authorize} and {@link #authorizeAdmin} decide asynchronously and are what endpoints
 * use. {@link #check} and {@link #checkAdmin} decide now: always in token mode, and in the other
 * modes when nothing has to be fetched (the provider's keys cached, Cloud Controller's answer
 * cached); otherwise they answer 503 while the answer is fetched. Thread-safe; call on an event
 * loop.
 */
final class Access {

  /**
   * The outcome: allowed until {@code expiresAt}, or refused with an HTTP status and a reason for
   * the client ({@code expiresAt} null). 503 means the answer could not be had (identity
   * provider or Cloud Controller unreachable): refused, fail closed.
   */
  record Decision(int status, String reason, Instant expiresAt) {

    static Decision refused(int status, String reason) {
      return new Decision(status, reason, null);
    }

    static Decision allowed(Grant grant) {
      return new Decision(200, "", grant.expiresAt());
    }

    boolean allowed() {
      return status == 200;
    }
  }

  private static final String BEARER = "bearer ";
  private static final String ADMIN_ONLY = "this endpoint needs an admin token";

  private final BearerVerifier verifier;
  private final CloudControllerAccess cloudController; // null unless Cloud Foundry mode

  /** Grants come from the token alone (token and oidc modes). */
  Access(BearerVerifier verifier) {
    this(verifier, null);
  }

  /** Admin from the token, every other app access from {@code cloudController} (cf mode). */
  Access(BearerVerifier verifier, CloudControllerAccess cloudController) {
    this.verifier = verifier;
    this.cloudController = cloudController;
  }

  /** Allows a token that may read {@code appId} (or is admin): 401 without one, 403 otherwise. */
  Future<Decision> authorize(MultiMap headers, MultiMap params, String appId) {
    Optional<String> token = token(headers, params);
    if (token.isEmpty()) {
      return Future.succeededFuture(missing());
    }
    return verifier.verify(token.get()).transform(verified -> {
      Optional<Decision> refusal = refusal(verified);
      if (refusal.isPresent()) {
        return Future.succeededFuture(refusal.get());
      }
      Grant grant = verified.result().get();
      if (cloudController == null || grant.admin()) {
        return Future.succeededFuture(grant.allows(appId) ? Decision.allowed(grant)
            : Decision.refused(403, "token does not grant access to app " + appId));
      }
      return cloudController.mayRead(token.get(), appId)
          .transform(answer -> Future.succeededFuture(cloudControllerSays(answer, grant, appId)));
    });
  }

  /** Allows an admin token only (the firehose, every source): 401 without one, 403 otherwise. */
  Future<Decision> authorizeAdmin(MultiMap headers, MultiMap params) {
    Optional<String> token = token(headers, params);
    if (token.isEmpty()) {
      return Future.succeededFuture(missing());
    }
    return verifier.verify(token.get()).transform(verified -> Future.succeededFuture(
        refusal(verified).orElseGet(() -> verified.result().get().admin()
            ? Decision.allowed(verified.result().get()) : Decision.refused(403, ADMIN_ONLY))));
  }

  /** {@link #authorize}, decided now (see the class comment). */
  Decision check(MultiMap headers, MultiMap params, String appId) {
    return now(authorize(headers, params, appId));
  }

  /** {@link #authorizeAdmin}, decided now (see the class comment). */
  Decision checkAdmin(MultiMap headers, MultiMap params) {
    return now(authorizeAdmin(headers, params));
  }

  private static Decision now(Future<Decision> decision) {
    if (!decision.isComplete()) {
      return Decision.refused(503, "authorization is being checked with the identity provider "
          + "or Cloud Controller: retry in a moment");
    }
    return decision.succeeded() ? decision.result()
        : Decision.refused(503, "cannot authorize now: " + decision.cause().getMessage());
  }

  private static Decision missing() {
    return Decision.refused(401, "authorization required: send 'Authorization: Bearer <token>'");
  }

  private static Optional<Decision> refusal(AsyncResult<Optional<Grant>> verified) {
    if (verified.failed()) {
      return Optional.of(Decision.refused(503, "cannot check the token now: "
          + verified.cause().getMessage()));
    }
    return verified.result().isEmpty()
        ? Optional.of(Decision.refused(401, "invalid or expired token")) : Optional.empty();
  }

  private static Decision cloudControllerSays(AsyncResult<CloudControllerAccess.Answer> answer,
      Grant grant, String appId) {
    if (answer.failed()) {
      return Decision.refused(503, "Cloud Controller cannot be asked whether this token may "
          + "read app " + appId + ": " + answer.cause().getMessage());
    }
    return switch (answer.result()) {
      case READ -> Decision.allowed(grant);
      case DENIED -> Decision.refused(403, "Cloud Controller does not let this token read app "
          + appId);
      case TOKEN_REFUSED -> Decision.refused(401, "Cloud Controller refused the token");
    };
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
