package io.kloggregator.cli;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The listener of one tail WebSocket: joins text fragments into frames and queues them, with the
 * close or failure that ends the socket, for {@link TailFollower}'s thread to take in order.
 * Pings are answered by the JDK; any frame counts as activity. Thread-safe.
 */
final class TailSocket implements WebSocket.Listener {

  /** What the socket delivered: a text frame, its end (close code, or failure), nothing yet. */
  record Event(String text, int closeCode, String reason, Throwable failure) {

    boolean isText() {
      return text != null;
    }

    boolean isEnd() {
      return text == null;
    }
  }

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  // Owned by the JDK's listener thread: calls to the listener are serialised.
  private final StringBuilder partial = new StringBuilder();
  private volatile long lastActivityNanos = System.nanoTime();

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    lastActivityNanos = System.nanoTime();
    partial.append(data);
    if (last) {
      events.add(new Event(partial.toString(), 0, null, null));
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    lastActivityNanos = System.nanoTime();
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    lastActivityNanos = System.nanoTime();
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    lastActivityNanos = System.nanoTime();
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    events.add(new Event(null, statusCode, reason, null));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    events.add(new Event(null, -1, String.valueOf(error.getMessage()), error));
  }

  /** The next event, or null after {@code millis} without one. */
  Event poll(long millis) throws InterruptedException {
    return events.poll(millis, TimeUnit.MILLISECONDS);
  }

  boolean hasQueued() {
    return !events.isEmpty();
  }

  long nanosSinceActivity() {
    return System.nanoTime() - lastActivityNanos;
  }
}
