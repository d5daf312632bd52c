package io.kloggregator.gateway;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Checks a bearer token and says what it grants: {@link TokenVerifier} (kloggregator's own
 * tokens, decided at once) or {@link OidcVerifier} (a provider's, whose keys may have to be
 * fetched first). Called by {@link Access} on the event loop; implementations never block.
 */
interface BearerVerifier {

  /**
   * The grant of a valid token, empty for a malformed, forged, expired or foreign one; a failed
   * future when the token cannot be checked now (the provider's keys are unreachable).
   */
  Future<Optional<Grant>> verify(String token);
}
