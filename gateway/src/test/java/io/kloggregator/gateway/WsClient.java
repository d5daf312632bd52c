package io.kloggregator.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A test WebSocket client recording text frames (as JSON), binary frames and the close code. */
final class WsClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocket ws;
  private final WebSocketClient client;
  final List<String> texts = new CopyOnWriteArrayList<>();
  final List<byte[]> binaries = new CopyOnWriteArrayList<>();
  volatile Short closeCode;
  volatile String closeReason;

  private WsClient(WebSocket ws, WebSocketClient client) {
    this.ws = ws;
    this.client = client;
    ws.textMessageHandler(texts::add);
    ws.binaryMessageHandler(b -> binaries.add(b.getBytes()));
    ws.closeHandler(v -> {
      closeCode = ws.closeStatusCode();
      closeReason = ws.closeReason();
    });
  }

  static WsClient open(Vertx vertx, int port, String pathAndQuery, String token) {
    return open(vertx, new WebSocketClientOptions(), port, pathAndQuery, token);
  }

  /** A client with a small fixed TCP receive buffer, so that pausing it backs up the server. */
  static WsClient openSmallBuffer(Vertx vertx, int port, String pathAndQuery, String token) {
    return open(vertx, new WebSocketClientOptions().setReceiveBufferSize(8192), port,
        pathAndQuery, token);
  }

  static WsClient open(Vertx vertx, WebSocketClientOptions clientOptions, int port,
      String pathAndQuery, String token) {
    WebSocketClient client = vertx.createWebSocketClient(clientOptions);
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(port).setURI(pathAndQuery);
    if (token != null) {
      options.addHeader("Authorization", "Bearer " + token);
    }
    try {
      // Handlers go on in the event loop's completion callback so no early frame is missed.
      return client.connect(options).map(ws -> new WsClient(ws, client)).toCompletionStage()
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      client.close();
      throw new IllegalStateException("connect failed: " + e.getCause(), e.getCause());
    }
  }

  /** The HTTP status that refused the upgrade, or 101 when it was accepted. */
  static int upgradeStatus(Vertx vertx, int port, String pathAndQuery, String token) {
    try (WsClient ws = open(vertx, port, pathAndQuery, token)) {
      return 101;
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof UpgradeRejectedException rejected) {
        return rejected.getStatus();
      }
      throw e;
    }
  }

  List<JsonNode> frames() {
    List<JsonNode> out = new ArrayList<>();
    for (String text : texts) {
      try {
        out.add(JSON.readTree(text));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  List<String> lineTexts() {
    return frames().stream().filter(f -> f.has("text")).map(f -> f.get("text").asText())
        .toList();
  }

  WebSocket socket() {
    return ws;
  }

  @Override
  public void close() {
    ws.close();
    client.close();
  }
}
