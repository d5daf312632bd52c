package io.kloggregator.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
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
 * The gateway's HTTP and WebSocket API as the CLI uses it: the {@code /recent} NDJSON dump (JDK
 * {@link HttpURLConnection}) and the {@code /tail/} WebSocket (JDK {@link HttpClient}), with the
 * bearer token in the {@code Authorization} header. Turns refusals and connection failures into
 * {@link CliException}s whose message says what to do. Thread-safe.
 */
final class GatewayClient {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final String token;
  // Built on the first tail, so a --recent never pays for it; guarded by this.
  private HttpClient http;

  /** {@code base} is {@code http(s)://host:port}; {@code token} may be null (then: 401). */
  GatewayClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }
    return http;
  }

  URI base() {
    return base;
  }

  /**
   * Streams {@code pathAndQuery}'s NDJSON rows to {@code rows}, oldest first, after running
   * {@code accepted} once the gateway has answered 200. On {@link HttpURLConnection}, not the
   * {@link HttpClient}: building an {@code HttpClient} sets up TLS (the default
   * {@code SSLContext}) and a selector thread even for {@code http://}, about half of a
   * {@code --recent}'s time to its first line (bench/results/cli.md).
   */
  void recent(String pathAndQuery, Runnable accepted, Consumer<String> rows) {
    HttpURLConnection connection;
    int status;
    try {
      connection = (HttpURLConnection) base.resolve(pathAndQuery).toURL().openConnection();
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
      connection.setRequestProperty("Accept", "application/x-ndjson");
      if (token != null) {
        connection.setRequestProperty("Authorization", "Bearer " + token);
      }
      status = connection.getResponseCode();
    } catch (IOException e) {
      throw unreachable(e);
    }
    try {
      if (status != 200) {
        InputStream error = connection.getErrorStream();
        String reason = error == null ? ""
            : new String(error.readNBytes(2048), StandardCharsets.UTF_8).trim();
        throw refused(status, reason);
      }
      accepted.run();
      try (Stream<String> lines = new BufferedReader(new InputStreamReader(
          connection.getInputStream(), StandardCharsets.UTF_8)).lines()) {
        lines.filter(row -> !row.isBlank()).forEach(rows);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new CliException(ExitCode.UNREACHABLE,
          "the connection to the gateway at " + base + " broke while reading: " + e.getMessage());
    } finally {
      connection.disconnect();
    }
  }

  /** Opens the tail WebSocket at {@code pathAndQuery}; blocks until it is open or refused. */
  WebSocket tail(String pathAndQuery, WebSocket.Listener listener) {
    URI uri = webSocketUri(pathAndQuery);
    WebSocket.Builder builder = http().newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
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
    String why = cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException
        ? "timed out"
        : cause instanceof ConnectException || cause instanceof UnresolvedAddressException
            || cause instanceof UnknownHostException
            ? "connection refused or host unknown"
            : String.valueOf(cause.getMessage());
    return new CliException(ExitCode.UNREACHABLE, "Cannot reach the gateway at " + base + " ("
        + why + "). Is it running? Set --gateway URL or KLOGGREGATOR_GATEWAY.", cause);
  }
}
