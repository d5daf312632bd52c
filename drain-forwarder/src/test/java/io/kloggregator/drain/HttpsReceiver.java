package io.kloggregator.drain;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A real HTTPS server on loopback (Vert.x, the {@link TestCerts} server certificate, client
 * certificates required on request) standing in for an HTTPS drain receiver. It answers the
 * n-th request (from 0) as {@code replies} says: a status, a status after a delay, no answer at
 * all, or a closed connection. It records every request (method, target, headers with lower-case
 * names, body) unless told to count lines only. Thread-safe.
 */
final class HttpsReceiver implements AutoCloseable {

  /** How to answer one request. */
  record Reply(int status, long delayMillis, boolean hangs, boolean closes) {

    static Reply status(int status) {
      return new Reply(status, 0, false, false);
    }

    static Reply slow(int status, long delayMillis) {
      return new Reply(status, delayMillis, false, false);
    }

    static Reply hang() {
      return new Reply(0, 0, true, false);
    }

    static Reply closeConnection() {
      return new Reply(0, 0, false, true);
    }
  }

  /** One request as the receiver read it. */
  record Request(String method, String uri, Map<String, String> headers, String body) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final IntFunction<Reply> replies;
  private final boolean record;
  private final AtomicInteger seen = new AtomicInteger();
  private final AtomicLong lines = new AtomicLong();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  private HttpsReceiver(TestCerts certs, boolean requireClientCert, boolean record,
      IntFunction<Reply> replies) {
    this.replies = replies;
    this.record = record;
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(certs.path("server.pem").toString())
            .setKeyPath(certs.path("server.key").toString()));
    if (requireClientCert) {
      options.setClientAuth(ClientAuth.REQUIRED)
          .setTrustOptions(new PemTrustOptions().addCertPath(certs.path("ca.pem").toString()));
    }
    server = vertx.createHttpServer(options).requestHandler(this::handle);
    await(server.listen().toCompletionStage().toCompletableFuture());
  }

  /** A receiver recording every request and answering as {@code replies} says. */
  static HttpsReceiver start(TestCerts certs, boolean requireClientCert,
      IntFunction<Reply> replies) {
    return new HttpsReceiver(certs, requireClientCert, true, replies);
  }

  /** A receiver answering 200 and counting the newline-terminated lines of the bodies only. */
  static HttpsReceiver counting(TestCerts certs) {
    return new HttpsReceiver(certs, false, false, n -> Reply.status(200));
  }

  private void handle(HttpServerRequest request) {
    int n = seen.getAndIncrement();
    Reply reply = replies.apply(n);
    if (reply.closes()) {
      request.connection().close();
      return;
    }
    request.body().onSuccess(body -> {
      if (reply.hangs()) {
        return;
      }
      vertx.setTimer(Math.max(1, reply.delayMillis()), t -> {
        if (reply.status() >= 200 && reply.status() < 300) {
          count(body.getBytes());
        }
        if (record) {
          Map<String, String> headers = new TreeMap<>();
          request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT),
              e.getValue()));
          requests.add(new Request(request.method().name(), request.uri(), headers,
              body.toString(StandardCharsets.UTF_8)));
        }
        request.response().setStatusCode(reply.status())
            .putHeader("Location", "https://127.0.0.1:" + port() + "/elsewhere").end();
      });
    });
  }

  private void count(byte[] body) {
    long n = 0;
    for (byte b : body) {
      if (b == '\n') {
        n++;
      }
    }
    lines.addAndGet(n);
  }

  int port() {
    return server.actualPort();
  }

  /** Every request answered so far, in the order answered (hung ones are not). */
  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Requests that reached the handler, answered or not. */
  int seen() {
    return seen.get();
  }

  /** Newline-terminated lines in the bodies answered with a 2xx. */
  long lines() {
    return lines.get();
  }

  @Override
  public void close() {
    await(vertx.close().toCompletionStage().toCompletableFuture());
  }

  private static void await(java.util.concurrent.CompletableFuture<?> f) {
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("HTTPS receiver: " + e.getMessage(), e);
    }
  }
}
