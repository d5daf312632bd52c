package io.kloggregator.router;

import io.kloggregator.schemas.proto.RecentLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A blocking test client for a router's HTTP endpoints. */
final class RouterClient {

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  RouterClient(int port) {
    this.port = port;
  }

  HttpResponse<byte[]> get(String pathAndQuery) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> recentResponse(String app, int n) {
    return recentResponse(app, n, "");
  }

  /** {@code filters} is appended to the query as it is ({@code "&type=err"}). */
  HttpResponse<byte[]> recentResponse(String app, int n, String filters) {
    return get("/v1/recent?app=" + URLEncoder.encode(app, StandardCharsets.UTF_8) + "&n=" + n
        + filters);
  }

  /** The dump of {@code app}; fails unless the answer is 200. */
  RecentLines recent(String app, int n) {
    return recent(app, n, "");
  }

  /** The dump of {@code app} with {@code filters}; fails unless the answer is 200. */
  RecentLines recent(String app, int n, String filters) {
    HttpResponse<byte[]> response = recentResponse(app, n, filters);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET /v1/recent for " + app + " answered " + response.statusCode()
          + ": " + new String(response.body(), StandardCharsets.UTF_8));
    }
    try {
      return RecentLines.parseFrom(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
