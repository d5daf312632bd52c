package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.schemas.proto.StoredLine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RecentClient} against a tiny fake router on loopback. */
class RecentClientTest {

  Vertx vertx;
  HttpServer server;
  final List<String> uris = new CopyOnWriteArrayList<>();
  volatile Consumer<HttpServerRequest> answer;

  @BeforeEach
  void startFakeRouter() throws Exception {
    vertx = Vertx.vertx();
    server = await(vertx.createHttpServer().requestHandler(request -> {
      uris.add(request.uri());
      answer.accept(request);
    }).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  RecentClient client(List<String> urls) {
    return new RecentClient(vertx.createHttpClient(), urls, Duration.ofSeconds(2));
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  static RecentLines lines(String app) {
    LogMessage message = LogMessage.newBuilder().setAppId(app).setTimestamp(5)
        .setMessageType(LogMessage.MessageType.OUT)
        .setMessage(ByteString.copyFromUtf8("hello")).build();
    return RecentLines.newBuilder().setAppId(app).setPartition(2).setNextOffset(8)
        .addLines(StoredLine.newBuilder().setLogMessage(message).setPartition(2).setOffset(7))
        .build();
  }

  Throwable failure(Future<?> future) throws Exception {
    try {
      await(future);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void asksTheRouterForTheAppsRecentLinesAndDecodesThem() throws Exception {
    answer = request -> request.response().putHeader("Content-Type", "application/x-protobuf")
        .end(Buffer.buffer(lines("my app").toByteArray()));

    RecentLines got = await(client(List.of(url())).recent("my app", 25));

    assertThat(got).isEqualTo(lines("my app"));
    assertThat(uris).containsExactly("/v1/recent?app=my+app&n=25");
  }

  @Test
  void rebalancingRouterBecomesBusyWithItsRetryAfter() throws Exception {
    answer = request -> request.response().setStatusCode(503).putHeader("Retry-After", "4")
        .end();

    Throwable error = failure(client(List.of(url())).recent("a", 1));

    assertThat(error).isInstanceOf(RouterBusyException.class);
    assertThat(((RouterBusyException) error).retryAfterSeconds()).isEqualTo(4);
  }

  @Test
  void refusedQueryBecomesABadRequestWithTheRoutersReason() throws Exception {
    answer = request -> request.response().setStatusCode(400).end("bad n\n");

    Throwable error = failure(client(List.of(url())).recent("a", 1));

    assertThat(error).isInstanceOf(BadRequestException.class)
        .hasMessage("streams router refused the query: bad n");
  }

  @Test
  void unreachableRouterIsSkippedForTheNextOne() throws Exception {
    answer = request -> request.response().end(Buffer.buffer(lines("a").toByteArray()));

    RecentLines got = await(client(List.of("http://127.0.0.1:9", url())).recent("a", 1));

    assertThat(got.getNextOffset()).isEqualTo(8);
  }

  @Test
  void aBusyRouterIsSkippedForOneThatAnswers() throws Exception {
    HttpServer starting = await(vertx.createHttpServer().requestHandler(request -> request
        .response().setStatusCode(503).putHeader("Retry-After", "1").end("router is starting\n"))
        .listen(0, "127.0.0.1"));
    answer = request -> request.response().end(Buffer.buffer(lines("a").toByteArray()));
    RecentClient client = client(List.of("http://127.0.0.1:" + starting.actualPort(), url()));

    assertThat(await(client.recent("a", 1))).isEqualTo(lines("a"));
    assertThat(await(client.recent("a", 1))).isEqualTo(lines("a"));
    assertThat(uris).hasSize(2);
  }

  @Test
  void everyRouterBusyIsBusyWithTheFirstRetryAfter() throws Exception {
    answer = request -> request.response().setStatusCode(503).putHeader("Retry-After", "3").end();

    Throwable error = failure(client(List.of(url(), "http://127.0.0.1:9")).recent("a", 1));

    assertThat(error).isInstanceOf(RouterBusyException.class);
    assertThat(((RouterBusyException) error).retryAfterSeconds()).isEqualTo(3);
  }

  @Test
  void noRouterReachableIsBusy() throws Exception {
    Throwable error = failure(client(List.of("http://127.0.0.1:9")).recent("a", 1));

    assertThat(error).isInstanceOf(RouterBusyException.class)
        .hasMessageStartingWith("streams router unreachable");
  }

  @Test
  void garbageBodyIsAnError() throws Exception {
    answer = request -> request.response().end("this is not protobuf at all");

    Throwable error = failure(client(List.of(url())).recent("a", 1));

    assertThat(error).hasMessageStartingWith("streams router sent an unreadable RecentLines");
  }
}
