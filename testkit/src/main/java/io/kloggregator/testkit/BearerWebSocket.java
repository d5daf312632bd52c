package io.kloggregator.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opening a WebSocket to the gateway with a bearer token, as a client program would (JDK client).
 */
public final class BearerWebSocket {

  private BearerWebSocket() {
  }

  /**
   * Opens {@code uri} with {@code Authorization: Bearer token}; frames go to {@code listener}.
   *
   * @throws IllegalStateException naming the URI when the handshake fails or takes over
   *     {@code limit}
   */
  public static WebSocket open(URI uri, String token, WebSocket.Listener listener,
      Duration limit) {
    try {
      return HttpClient.newHttpClient().newWebSocketBuilder()
          .header("Authorization", "Bearer " + token)
          .connectTimeout(limit)
          .buildAsync(uri, listener)
          .get(limit.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot open " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted opening " + uri, e);
    }
  }
}
