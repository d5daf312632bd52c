package io.kloggregator.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The gateway's HTTP and WebSocket API as the CLI uses it (JDK {@link HttpClient}): the
 * {@code /recent} NDJSON dump and the {@code /tail/} WebSocket, with the bearer token in the
 * {@code Authorization} header. Turns refusals and connection failures into {@link CliException}s
 * whose message says what to do. Thread-safe.
 */
final class GatewayClient {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final String token;
  private final HttpClient http;

  /** {@code base} is {@code http(s)://host:port}; {@code token} may be null (then: 401). */
  GatewayClient(URI base, String token) {
    this.base = base;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  URI base() {
    return base;
  }

  /**
   * Streams {@code pathAndQuery}'s NDJSON rows to {@code rows}, oldest first, after running
   * {@code accepted} once the gateway has answered 200.
   */
  void recent(String pathAndQuery, Runnable accepted, Consumer<String> rows) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(Duration.ofSeconds(60)).header("Accept", "application/x-ndjson");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.INTERRUPTED, "interrupted");
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        String reason = new String(body.readNBytes(2048), StandardCharsets.UTF_8).trim();
        throw refused(response.statusCode(), reason);
      }
      accepted.run();
      try (Stream<String> lines = new BufferedReader(
          new InputStreamReader(body, StandardCharsets.UTF_8)).lines()) {
        lines.filter(row -> !row.isBlank()).forEach(rows);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new CliException(ExitCode.UNREACHABLE,
          "the connection to the gateway at " + base + " broke while reading: " + e.getMessage());
    }
  }

  /** Opens the tail WebSocket at {@code pathAndQuery}; blocks until it is open or refused. */
  WebSocket tail(String pathAndQuery, WebSocket.Listener listener) {
    URI uri = webSocketUri(pathAndQuery);
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    try {
      return builder.buildAsync(uri, listener).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.INTERRUPTED, "interrupted");
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof WebSocketHandshakeException handshake) {
        throw refused(handshake.getResponse().statusCode(), "");
      }
      throw unreachable(cause);
    }
  }

  private URI webSocketUri(String pathAndQuery) {
    String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + "://" + base.getRawAuthority() + pathAndQuery);
  }

  /** What a refusal with {@code status} means for the user. */
  static CliException refused(int status, String reason) {
    String detail = reason.isEmpty() ? "" : " (" + reason + ")";
    return switch (status) {
      case 401 -> new CliException(ExitCode.UNAUTHORIZED, "Unauthorized: the gateway needs a "
          + "valid token" + detail + ". Pass --token TOKEN or set KLOGGREGATOR_TOKEN; if you did, "
          + "the token is invalid or has expired: get a new one.");
      case 403 -> new CliException(ExitCode.FORBIDDEN, "Forbidden: your token does not grant "
          + "access to this app" + detail + ". Check the app id, or get a token for this app.");
      case 400 -> new CliException(ExitCode.REFUSED, "The gateway rejected the request as "
          + "malformed" + (detail.isEmpty() ? ": check -n (at most the gateway's maximum, "
          + "1000 by default), --instance and the other filters" : detail) + ".");
      case 503 -> new CliException(ExitCode.REFUSED, "The gateway is busy (503: the recent-lines "
          + "store is rebalancing)" + detail + ". Try again in a few seconds.");
      default -> new CliException(ExitCode.REFUSED, "The gateway answered HTTP " + status
          + detail + ".");
    };
  }

  private CliException unreachable(Throwable cause) {
    String why = cause instanceof HttpTimeoutException ? "timed out"
        : cause instanceof ConnectException || cause instanceof UnresolvedAddressException
            ? "connection refused or host unknown"
            : String.valueOf(cause.getMessage());
    return new CliException(ExitCode.UNREACHABLE, "Cannot reach the gateway at " + base + " ("
        + why + "). Is it running? Set --gateway URL or KLOGGREGATOR_GATEWAY.", cause);
  }
}
