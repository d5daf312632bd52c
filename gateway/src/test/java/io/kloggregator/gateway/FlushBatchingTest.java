package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * FlushBatching relies on Vert.x's internal connection class: this fails when an upgrade gives the
 * gateway's HTTP connections another class, which would silently turn the batching off.
 */
class FlushBatchingTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void installsOnTheConnectionsOfAVertxHttpServer() throws Exception {
    CompletableFuture<Boolean> installed = new CompletableFuture<>();
    HttpServer server = vertx.createHttpServer()
        .connectionHandler(connection -> installed.complete(FlushBatching.install(connection)))
        .requestHandler(request -> request.response().end("ok"))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);

    HttpClient client = vertx.createHttpClient();
    int status = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
        .compose(request -> request.send()).map(HttpClientResponse::statusCode)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(installed.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(status).isEqualTo(200);
  }
}
