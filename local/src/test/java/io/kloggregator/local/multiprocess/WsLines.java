package io.kloggregator.local.multiprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A gateway WebSocket (the JDK's client) recording the text of every JSON line frame. */
final class WsLines implements WebSocket.Listener, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> texts = new CopyOnWriteArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private WebSocket socket;

  static WsLines open(int gatewayPort, String pathAndQuery, String token) {
    WsLines lines = new WsLines();
    try {
      lines.socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .header("Authorization", "Bearer " + token)
          .connectTimeout(Duration.ofSeconds(5))
          .buildAsync(URI.create("ws://127.0.0.1:" + gatewayPort + pathAndQuery), lines)
          .get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot open " + pathAndQuery + " on " + gatewayPort, e);
    }
    return lines;
  }

  List<String> texts() {
    return List.copyOf(texts);
  }

  boolean hasLine(String text) {
    return texts.contains(text);
  }

  boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        JsonNode frame = JSON.readTree(partial.toString());
        texts.add(frame.path("text").asText());
      } catch (IOException e) {
        throw new UncheckedIOException("frame is not JSON: " + partial, e);
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done").orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(e -> null).join();
    }
  }
}
