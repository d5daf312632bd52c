package io.kloggregator.gateway;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;
import java.nio.charset.StandardCharsets;

/**
 * Writes a text frame whose UTF-8 bytes were encoded once per line, so that a line fanned out to
 * many sockets is not encoded again for each (Vert.x's {@code writeTextMessage(String)} encodes
 * per call, on the event loop). Vert.x has no public text-frame-from-bytes factory; this uses the
 * frame class {@code writeTextMessage} itself builds. Lines longer than one frame go through
 * {@code writeTextMessage}, which splits them. Stateless.
 */
final class TextFrames {

  /** The server's largest frame (Vert.x's default; the gateway does not change it). */
  private static final int MAX_FRAME = HttpServerOptions.DEFAULT_MAX_WEBSOCKET_FRAME_SIZE;

  private TextFrames() {
  }

  static void write(ServerWebSocket ws, byte[] utf8) {
    if (utf8.length <= MAX_FRAME) {
      ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true));
    } else {
      ws.writeTextMessage(new String(utf8, StandardCharsets.UTF_8));
    }
  }
}
