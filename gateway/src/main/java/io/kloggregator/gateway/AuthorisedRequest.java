package io.kloggregator.gateway;

import java.time.Instant;

/**
 * A request {@link RouteGuard} let through: its parsed query (the app id among it) and when the
 * token that allowed it expires. Immutable.
 */
record AuthorisedRequest(TailQuery query, Instant expiresAt) {
}
