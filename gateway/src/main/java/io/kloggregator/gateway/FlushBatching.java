package io.kloggregator.gateway;

import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Lets Netty merge the flushes of many small WebSocket frames written in one event-loop turn into
 * one socket write. Vert.x flushes every frame written outside a read, which for a fan-out of
 * short lines means a system call per frame. Vert.x has no public API for a connection's Netty
 * pipeline, so this reaches into its internal connection class ({@code ConnectionBase}); when a
 * connection is not one, it is left as it is. {@code FlushBatchingTest} fails when a Vert.x
 * upgrade stops giving the gateway's connections that class, so the batching cannot silently
 * go away. Called on the connection's event loop.
 */
final class FlushBatching {

  /** Flush at least every this many writes even within one turn, to bound buffered bytes. */
  private static final int MAX_WRITES_PER_FLUSH = 64;
  private static final String HANDLER = "kl-flush-batching";

  private FlushBatching() {
  }

  /** Installs the batching on {@code connection}; returns whether it is now installed. */
  static boolean install(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return false;
    }
    base.channel().pipeline()
        .addFirst(HANDLER, new FlushConsolidationHandler(MAX_WRITES_PER_FLUSH, true));
    return base.channel().pipeline().get(HANDLER) != null;
  }
}
