package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TextFrames builds text frames with Vert.x's internal frame class: this fails when an upgrade
 * changes what a client receives from it (a short line in one frame, a long one split and joined).
 */
class TextFramesTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void clientReceivesTheExactTextOfShortAndOversizedLines() throws Exception {
    String shortLine = "{\"line\":\"Grüße, 世界 ✓\"}";
    String longLine = "x".repeat(HttpServerOptions.DEFAULT_MAX_WEBSOCKET_FRAME_SIZE + 10) + "é";
    HttpServer server = vertx.createHttpServer()
        .webSocketHandler(ws -> {
          TextFrames.write(ws, shortLine.getBytes(StandardCharsets.UTF_8));
          TextFrames.write(ws, longLine.getBytes(StandardCharsets.UTF_8));
        })
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    List<String> received = new CopyOnWriteArrayList<>();

    WebSocketClient client = vertx.createWebSocketClient();
    client.connect(server.actualPort(), "127.0.0.1", "/")
        .onSuccess(ws -> ws.textMessageHandler(received::add));

    await().atMost(10, TimeUnit.SECONDS).until(() -> received.size() == 2);
    assertThat(received).containsExactly(shortLine, longLine);
  }
}
