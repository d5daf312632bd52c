package io.kloggregator.router;

import io.kloggregator.ops.Health;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streams-router instance: the Kafka Streams app keeping recent lines per app, and its HTTP
 * server ({@code /v1/recent}, {@code /health}, {@code /metrics}). Build it, {@link #start()} it
 * once, {@link #close()} it once. Not thread-safe for start/close; queries run on Vert.x threads.
 */
public final class StreamsRouter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsRouter.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final RouterConfig config;
  private final PrometheusMeterRegistry registry;
  private final RouterMetrics metrics;
  private final Vertx vertx;
  private final HttpClient client;
  private final RecentQueryHandler queries;
  private final CompletableFuture<Void> running = new CompletableFuture<>();
  private HttpServer server;
  private KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;

  public StreamsRouter(RouterConfig config) {
    this.config = config;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.metrics = new RouterMetrics(registry);
    this.vertx = Vertx.vertx();
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000)
        .setIdleTimeout(30).setIdleTimeoutUnit(TimeUnit.SECONDS));
    this.queries = new RecentQueryHandler(vertx, client, config.retainedLines(),
        metrics.queryLatency());
  }

  /**
   * Binds the HTTP server, starts Kafka Streams and waits until it is RUNNING. Throws
   * {@link IllegalStateException} if the port is busy or RUNNING is not reached in time.
   */
  public void start() {
    LOG.info("starting streams router: {}", config);
    server = await(vertx.createHttpServer().requestHandler(this::route)
        .listen(config.httpPort(), config.httpHost()).toCompletionStage().toCompletableFuture(),
        Duration.ofSeconds(10), "bind HTTP on " + config.httpHost() + ":" + config.httpPort());
    HostInfo self = new HostInfo(config.advertisedHost(), server.actualPort());
    streams = new KafkaStreams(RouterTopology.build(config.topologyConfig(metrics)),
        streamsProperties(self));
    streams.setStateListener(this::onStateChange);
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; shutting this router instance down", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    queries.attach(streams, self);
    streams.start();
    await(running, config.startTimeout(), "reach RUNNING (state " + streams.state() + ")");
    LOG.info("streams router RUNNING; HTTP on {}:{}", config.httpHost(), server.actualPort());
  }

  /** The bound HTTP port (valid after {@link #start()}). */
  public int httpPort() {
    return server.actualPort();
  }

  private void onStateChange(KafkaStreams.State now, KafkaStreams.State before) {
    LOG.info("streams state {} -> {}", before, now);
    if (now == KafkaStreams.State.RUNNING) {
      running.complete(null);
    } else if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR) {
      running.completeExceptionally(new IllegalStateException("Kafka Streams went " + now));
    }
  }

  private Properties streamsProperties(HostInfo self) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 8L * 1024 * 1024);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return props;
  }

  private void route(HttpServerRequest request) {
    String path = request.path();
    if (RecentQueryHandler.PATH.equals(path)) {
      queries.handle(request);
    } else if ("/health".equals(path)) {
      Health health = health();
      request.response().setStatusCode(health.healthy() ? 200 : 503)
          .putHeader("Content-Type", "application/json").end(health.toJson());
    } else if ("/metrics".equals(path)) {
      request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
          .end(registry.scrape());
    } else {
      request.response().setStatusCode(404).end("not found: try /v1/recent, /health, /metrics\n");
    }
  }

  /** UP only while Kafka Streams is RUNNING; REBALANCING and the rest report DOWN (503). */
  Health health() {
    KafkaStreams current = streams;
    String state = current == null ? "STARTING" : current.state().name();
    Map<String, String> details = Map.of("streams", state);
    return "RUNNING".equals(state) ? Health.up(details) : Health.down(details);
  }

  @Override
  public void close() {
    if (streams != null) {
      if (!streams.close(CLOSE_TIMEOUT)) {
        LOG.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
      }
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    await(vertx.close().toCompletionStage().toCompletableFuture(), Duration.ofSeconds(10),
        "close Vert.x");
    registry.close();
  }

  private static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + timeout + " waiting to " + what, e);
    }
  }
}
