package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecentQueryHandlerTest {

  private Vertx vertx;
  private RouterClient client;

  @BeforeEach
  void startServer() throws Exception {
    vertx = Vertx.vertx();
    RecentQueryHandler handler = new RecentQueryHandler(vertx, vertx.createHttpClient(), 1000,
        new SimpleMeterRegistry().timer("latency"));
    HttpServer server = vertx.createHttpServer().requestHandler(handler::handle)
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    client = new RouterClient(server.actualPort());
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void queryBeforeTheStoreIsReadyGets503WithRetryAfter() {
    HttpResponse<byte[]> response = client.recentResponse("app-a", 10);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("starting");
  }

  @Test
  void badRequestsAreRejectedBeforeLookingForTheStore() {
    assertThat(client.get("/v1/recent").statusCode()).isEqualTo(400);
    assertThat(client.get("/v1/recent?app=&n=5").statusCode()).isEqualTo(400);
    assertThat(client.get("/v1/recent?app=a&n=0").statusCode()).isEqualTo(400);
    assertThat(client.get("/v1/recent?app=a&n=1e3").statusCode()).isEqualTo(400);
  }

  @Test
  void badFiltersAreRejectedWithTheReason() {
    HttpResponse<byte[]> badRegex = client.get("/v1/recent?app=a&n=5&regex=%28unclosed");
    HttpResponse<byte[]> badType = client.get("/v1/recent?app=a&n=5&type=warn");

    assertThat(badRegex.statusCode()).isEqualTo(400);
    assertThat(new String(badRegex.body(), StandardCharsets.UTF_8))
        .startsWith("regex is not a valid pattern");
    assertThat(badType.statusCode()).isEqualTo(400);
    assertThat(new String(badType.body(), StandardCharsets.UTF_8))
        .isEqualTo("type must be OUT or ERR, was 'warn'\n");
  }
}
