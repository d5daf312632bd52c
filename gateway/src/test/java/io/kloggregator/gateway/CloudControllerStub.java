package io.kloggregator.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Cloud Controller's one endpoint the gateway asks, {@code GET /v3/apps/<guid>}:
 * no Cloud Controller can be installed on the test machines, so this real Vert.x HTTP server on
 * loopback answers each app with the status it is told (200, 403, 404, 500...) or, for a "slow"
 * app, never; an app can also be held, its answers sent only when released. It answers 401 to a
 * request without {@code Authorization: bearer ...}. Counts the requests per app and keeps the
 * last Authorization header seen.
 */
final class CloudControllerStub implements AutoCloseable {

  /** An answer that never comes. */
  static final int SLOW = -1;

  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  volatile String lastAuthorization;
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final Map<String, Promise<Void>> held = new ConcurrentHashMap<>();
  private final HttpServer server;

  private CloudControllerStub(HttpServer server) {
    this.server = server;
  }

  static CloudControllerStub start(Vertx vertx) {
    CloudControllerStub[] stub = new CloudControllerStub[1];
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      String prefix = "/v3/apps/";
      if (!request.path().startsWith(prefix)) {
        request.response().setStatusCode(404).end();
        return;
      }
      String app = request.path().substring(prefix.length());
      stub[0].calls.computeIfAbsent(app, a -> new AtomicInteger()).incrementAndGet();
      String authorization = request.getHeader("Authorization");
      stub[0].lastAuthorization = authorization;
      int status = stub[0].statuses.getOrDefault(app, 404);
      if (authorization == null || !authorization.startsWith("bearer ")) {
        request.response().setStatusCode(401).end();
      } else if (status != SLOW) {
        Promise<Void> gate = stub[0].held.get(app);
        (gate == null ? Future.<Void>succeededFuture() : gate.future()).onComplete(go ->
            request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
            .end(status == 200 ? "{\"guid\":\"" + app + "\",\"name\":\"an-app\"}"
                : "{}"));
      }
    });
    stub[0] = new CloudControllerStub(server);
    server.listen(0, "127.0.0.1").await();
    return stub[0];
  }

  URI api() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  /** From now on {@code app} is answered {@code status} ({@link #SLOW}: never). */
  void answer(String app, int status) {
    statuses.put(app, status);
  }

  /** From now on answers to {@code app} wait for {@link #release}. */
  void hold(String app) {
    held.put(app, Promise.promise());
  }

  /** Sends the answers held for {@code app}, and answers it at once from now on. */
  void release(String app) {
    Promise<Void> gate = held.remove(app);
    if (gate != null) {
      gate.complete();
    }
  }

  int callsFor(String app) {
    AtomicInteger count = calls.get(app);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    server.close().await();
  }
}
