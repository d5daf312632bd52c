package io.kloggregator.local;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens a tail on the gateway with the JDK's WebSocket client and prints the first few frames,
 * so the run command shows lines flowing end to end before it prints how to watch them.
 */
final class TailPreview implements WebSocket.Listener {

  private final PrintStream out;
  private final int limit;
  private final AtomicInteger seen = new AtomicInteger();
  private final StringBuilder partial = new StringBuilder();

  private TailPreview(PrintStream out, int limit) {
    this.out = out;
    this.limit = limit;
  }

  static void show(URI tailUri, String token, int limit, PrintStream out) {
    HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Authorization", "Bearer " + token)
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(tailUri, new TailPreview(out, limit))
        .exceptionally(e -> {
          out.println("tail preview failed: " + e.getMessage());
          return null;
        });
  }

  @Override
  public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      out.println("  tail> " + partial);
      partial.setLength(0);
      if (seen.incrementAndGet() >= limit) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "preview done");
        return null;
      }
    }
    socket.request(1);
    return null;
  }
}
