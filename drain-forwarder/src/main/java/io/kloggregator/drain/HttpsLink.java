package io.kloggregator.drain;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayDeque;

/**
 * An HTTPS drain's link: POSTs built by {@link HttpsRequestBody}, one request in flight at a
 * time (so lines arrive in order), on the forwarder's shared Vert.x {@link HttpClient} to the
 * address the {@link DrainConnector} checked. {@code https-batch://} holds lines back until they
 * fill {@code batchBytes} or waited {@code batchInterval}. Outcomes: 2xx delivered; 429, 5xx,
 * timeouts and network errors fail the send (the drain backs off and sends the lines again);
 * any other status (3xx included: redirects are not followed) refuses the lines for good.
 * Confined to the drain's context.
 */
final class HttpsLink implements DrainLink {

  /** A status the receiver may answer differently later: 429 or 5xx. */
  static final class RetryableStatusException extends RuntimeException {

    RetryableStatusException(String status) {
      super(status, null, false, false);
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final HttpsTarget target;
  private final RequestOptions options;
  private final int batchBytes;
  private final long batchIntervalNanos;
  private Handler<Void> onRoom = v -> { };
  private boolean inFlight;
  private boolean closed;
  private long waitingSince;
  private long timerId = -1;
  private HttpClientRequest current;

  HttpsLink(Vertx vertx, HttpClient client, HttpsTarget target, RequestOptions options,
      ForwarderConfig.Https limits) {
    this.vertx = vertx;
    this.client = client;
    this.target = target;
    this.options = options;
    this.batchBytes = limits.batchBytes();
    this.batchIntervalNanos = limits.batchInterval().toNanos();
  }

  @Override
  public boolean isFull() {
    return inFlight || closed;
  }

  @Override
  public Sending send(ArrayDeque<PendingLine> queue) {
    if (target.batch() && !isDue(queue)) {
      return null;
    }
    waitingSince = 0;
    HttpsRequestBody request = HttpsRequestBody.take(queue, target, batchBytes);
    inFlight = true;
    Promise<String> outcome = Promise.promise();
    client.request(options)
        .compose(r -> post(r, request))
        .onComplete(ar -> {
          inFlight = false;
          current = null;
          if (ar.failed()) {
            outcome.fail(ar.cause());
            return;
          }
          int status = ar.result().statusCode();
          String text = "HTTP " + status + " " + ar.result().statusMessage();
          if (status >= 200 && status < 300) {
            outcome.complete(null);
          } else if (status == 429 || status >= 500) {
            outcome.fail(new RetryableStatusException(text));
            return;
          } else {
            outcome.complete(text);
          }
          if (!closed) {
            onRoom.handle(null);
          }
        });
    return new Sending(request.lines(), outcome.future());
  }

  private Future<HttpClientResponse> post(HttpClientRequest r, HttpsRequestBody request) {
    current = r;
    request.headers().forEach(r::putHeader);
    return r.send(request.body()).compose(response -> {
      response.handler(b -> { });
      return response.end().map(v -> response);
    });
  }

  /** A batch is due when it fills the size bound or its first line waited the interval. */
  private boolean isDue(ArrayDeque<PendingLine> queue) {
    long now = System.nanoTime();
    if (waitingSince == 0) {
      waitingSince = now;
    }
    long left = batchIntervalNanos - (now - waitingSince);
    if (left <= 0 || HttpsRequestBody.reaches(queue, batchBytes)) {
      cancelTimer();
      return true;
    }
    if (timerId < 0) {
      timerId = vertx.setTimer(Math.max(1, left / 1_000_000), t -> {
        timerId = -1;
        if (!closed) {
          onRoom.handle(null);
        }
      });
    }
    return false;
  }

  @Override
  public boolean acknowledges() {
    return true;
  }

  @Override
  public void handlers(Handler<Void> onRoom, Handler<LinkFailure> onDown) {
    this.onRoom = onRoom;
  }

  @Override
  public void close() {
    closed = true;
    cancelTimer();
    if (current != null) {
      current.reset();
      current = null;
    }
  }

  private void cancelTimer() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }
}
