package io.kloggregator.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's GETs to the identity provider (discovery, keys) and Cloud Controller: one
 * request with a deadline over connect, headers and body (then the request is reset and the
 * future fails with a {@link TimeoutException}), a body of at most 1 MiB, never blocking. HTTPS
 * URLs use the JVM's trust store. Thread-safe; the {@link HttpClient} belongs to the caller.
 */
final class ProviderClient {

  /** A response: its status and body. */
  record Answer(int status, Buffer body) {
  }

  static final int MAX_BODY_BYTES = 1 << 20;

  private final Vertx vertx;
  private final HttpClient client;

  ProviderClient(Vertx vertx, HttpClient client) {
    this.vertx = vertx;
    this.client = client;
  }

  /** GET {@code url}, with {@code authorization} unless null, within {@code timeout}. */
  Future<Answer> get(URI url, String authorization, Duration timeout) {
    Promise<Answer> answer = Promise.promise();
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    long timer = vertx.setTimer(timeout.toMillis(), id -> {
      if (answer.tryFail(new TimeoutException("no answer from " + url + " within "
          + timeout.toMillis() + " ms"))) {
        HttpClientRequest request = sent.get();
        if (request != null) {
          request.reset();
        }
      }
    });
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setAbsoluteURI(url.toString()).setConnectTimeout(timeout.toMillis())
        .putHeader("Accept", "application/json");
    if (authorization != null) {
      options.putHeader("Authorization", authorization);
    }
    // On a Vert.x context even when called from another thread (a test's main thread), so the
    // request, its answer and the collection of its body share one event loop.
    vertx.getOrCreateContext().runOnContext(v -> client.request(options).compose(request -> {
      sent.set(request);
      return request.send();
    }).compose(ProviderClient::read).onComplete(read -> {
      if (read.succeeded()) {
        answer.tryComplete(read.result());
      } else {
        answer.tryFail(read.cause());
      }
    }));
    return answer.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  /**
   * The whole answer, through Vert.x's own body collection ({@code body()}, which sees every chunk
   * however early the response ends); a declared or actual body over {@code MAX_BODY_BYTES} fails.
   */
  private static Future<Answer> read(HttpClientResponse response) {
    String declared = response.getHeader("Content-Length");
    if (declared != null && !declared.trim().matches("\\d{1,9}")
        || declared != null && Integer.parseInt(declared.trim()) > MAX_BODY_BYTES) {
      response.request().reset();
      return Future.failedFuture(tooLarge(response));
    }
    return response.body().compose(body -> body.length() > MAX_BODY_BYTES
        ? Future.failedFuture(tooLarge(response))
        : Future.succeededFuture(new Answer(response.statusCode(), body)));
  }

  private static IllegalStateException tooLarge(HttpClientResponse response) {
    return new IllegalStateException("answer larger than " + MAX_BODY_BYTES + " bytes from "
        + response.request().absoluteURI());
  }
}
