package io.kloggregator.gateway;

import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Lets Netty merge the flushes of many small WebSocket frames written in one event-loop turn into
 * one socket write. Vert.x flushes every frame written outside a read, which for a fan-out of
 * short lines means a system call per frame. This reaches into Vert.x's connection class; when
 * that is not available the connection is simply left as it is.
 */
final class FlushBatching {

  /** Flush at least every this many writes even within one turn, to bound buffered bytes. */
  private static final int MAX_WRITES_PER_FLUSH = 64;

  private FlushBatching() {
  }

  static void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      base.channel().pipeline()
          .addFirst("kl-flush-batching", new FlushConsolidationHandler(MAX_WRITES_PER_FLUSH, true));
    }
  }
}
