package io.kloggregator.gateway;

/** WebSocket close codes the gateway sends (RFC 6455 §7.4.1, and 4000-4999 for its own). */
final class CloseCodes {

  /** The dump is complete. */
  static final short NORMAL = 1000;
  /** The gateway is shutting down, or the log feed went away. */
  static final short GOING_AWAY = 1001;
  /** The token does not allow this app (after the upgrade). */
  static final short POLICY = 1008;
  /** Unexpected server failure. */
  static final short INTERNAL_ERROR = 1011;
  /** The client stayed too slow to keep up: lines were dropped again and again. */
  static final short TOO_SLOW = 4002;
  /** The client did not answer pings. */
  static final short NO_PONG = 4003;
  /** The streams router could not answer the dump (e.g. rebalancing); retry later. */
  static final short DUMP_UNAVAILABLE = 4004;

  private CloseCodes() {
  }
}
