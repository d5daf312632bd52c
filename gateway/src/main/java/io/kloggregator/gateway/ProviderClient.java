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
    client.request(options).compose(request -> {
      sent.set(request);
      return request.send();
    }).onSuccess(response -> read(response, answer)).onFailure(answer::tryFail);
    return answer.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private static void read(HttpClientResponse response, Promise<Answer> answer) {
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_BODY_BYTES) {
        answer.tryFail(new IllegalStateException("answer larger than " + MAX_BODY_BYTES
            + " bytes from " + response.request().absoluteURI()));
        response.request().reset();
      } else {
        body.appendBuffer(chunk);
      }
    });
    response.exceptionHandler(answer::tryFail);
    response.endHandler(v -> answer.tryComplete(new Answer(response.statusCode(), body)));
  }
}
