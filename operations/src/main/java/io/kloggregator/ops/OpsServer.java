package io.kloggregator.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operations endpoint of a component that has no HTTP server of its own: {@code GET /metrics}
 * (Prometheus text) and {@code GET /health} (JSON, 200 or 503), as {@link OpsEndpoints} answers
 * them. One daemon thread serves it.
 */
public final class OpsServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private OpsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds {@code host:port} (port 0 = any free port) and starts serving. */
  public static OpsServer start(String host, int port, PrometheusMeterRegistry registry,
      Supplier<Health> health) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the ops endpoint on " + host + ":" + port, e);
    }
    OpsEndpoints endpoints = new OpsEndpoints(registry, health);
    for (String path : List.of(OpsEndpoints.METRICS_PATH, OpsEndpoints.HEALTH_PATH)) {
      server.createContext(path, exchange -> {
        OpsEndpoints.Answer answer = endpoints.answer(path).orElseThrow();
        respond(exchange, answer.status(), answer.contentType(), answer.body());
      });
    }
    server.createContext("/", exchange -> respond(exchange, 404, "text/plain",
        "not found: try /metrics or /health\n"));
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ops-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    return new OpsServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(405, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
