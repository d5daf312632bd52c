package io.kloggregator.gateway;

/**
 * The streams router cannot answer now (rebalancing, or unreachable); retry after
 * {@code retryAfterSeconds}.
 */
final class RouterBusyException extends RuntimeException {

  private final int retryAfterSeconds;

  RouterBusyException(String message, int retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
