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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway WebSocket (the JDK's client) handing each JSON line frame's text and cursor to a
 * {@link LineListener} (by default: recording the texts) and counting loss frames. Listener calls
 * come from the client's thread, one at a time.
 */
public final class WsLines implements WebSocket.Listener, AutoCloseable {

  /** Receives each line frame: its {@code text} and {@code cursor} ({@code partition:offset}). */
  @FunctionalInterface
  public interface LineListener {
    void onLine(String text, String cursor);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> texts = new CopyOnWriteArrayList<>();
  private final LineListener listener;
  private final AtomicLong lostLines = new AtomicLong();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private WebSocket socket;

  private WsLines(LineListener listener) {
    this.listener = listener == null ? (text, cursor) -> texts.add(text) : listener;
  }

  static WsLines open(int gatewayPort, String pathAndQuery, String token) {
    return open(gatewayPort, pathAndQuery, token, null);
  }

  /** Opens {@code ws://127.0.0.1:port/pathAndQuery}; lines go to {@code listener}. */
  public static WsLines open(int gatewayPort, String pathAndQuery, String token,
      LineListener listener) {
    WsLines lines = new WsLines(listener);
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

  /** Texts of the line frames, when opened without a listener. */
  public List<String> texts() {
    return List.copyOf(texts);
  }

  /** Sum of the {@code count} of the loss frames received. */
  public long lostLines() {
    return lostLines.get();
  }

  /** Completes with the close code when the gateway closes, exceptionally on a socket error. */
  public CompletableFuture<Integer> closed() {
    return closed;
  }

  boolean hasLine(String text) {
    return texts.contains(text);
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        JsonNode frame = JSON.readTree(partial.toString());
        if ("loss".equals(frame.path("type").asText())) {
          lostLines.addAndGet(frame.path("count").asLong());
        } else {
          listener.onLine(frame.path("text").asText(), frame.path("cursor").asText());
        }
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
    if (!socket.isOutputClosed() && !closed.isDone()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done").orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(e -> null).join();
    }
  }
}
