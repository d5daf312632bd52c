package io.kloggregator.drain;

/**
 * A drain URL that is malformed or that the policy forbids; the drain is never dialled, its lines
 * are counted as dropped and its apps get a notice. The message is safe to show to the app.
 */
final class RefusedUrlException extends RuntimeException {

  RefusedUrlException(String reason) {
    super(reason, null, false, false);
  }
}
