package io.kloggregator.gateway;

import io.kloggregator.ops.Health;
import io.kloggregator.ops.OpsEndpoints;
import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.schemas.TopicLookup;
import io.kloggregator.schemas.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kloggregator's traffic controller: authorised WebSocket tail and dump and HTTP {@code /recent},
 * Doppler's stream, firehose and recent logs, Log Cache's reads and the RLP's {@code /v2/read}
 * event stream on one port, plus {@code /metrics} and {@code /health}. Tokens are checked as the
 * auth mode says ({@link AuthConfig}): its own, an OpenID provider's, or UAA's plus Cloud
 * Controller's answer. Stateless; any number run side by
 * side. Everything runs on one event loop of the given {@code Vertx}, apart from one Kafka
 * consumer thread per watched partition and catch-up readers. {@link #start} looks up the log
 * topic on a worker thread and returns the listen future; {@link #close} (not on an event loop)
 * closes every socket with 1001 and stops the consumers, and leaves the {@code Vertx} to its owner.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final int RING_LINES = 4096;
  private static final Duration FEED_LINGER = Duration.ofSeconds(30);
  private static final int FETCH_MAX_WAIT_MS = 10;
  private static final int FETCH_MIN_BYTES = 64 * 1024;
  private static final int PROVIDER_CONNECTIONS = 20;

  private final GatewayConfig config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final TokenVerifier ownTokens; // null unless token mode
  private Context loop;
  private HttpServer server;
  private HttpClient routerClient;
  private HttpClient providerClient;
  private OpenSockets sockets;
  private PartitionFeeds feeds;
  private ExecutorService workers;
  private long pingTimer = -1;
  private volatile boolean started;
  private final AtomicInteger consumerIds = new AtomicInteger();

  /**
   * Builds a gateway on {@code vertx}; {@code registry} and {@code clock} are shared with main.
   * In token mode with RS256/ES256 it reads the public key file here.
   *
   * @throws io.kloggregator.ops.config.ConfigException when that key is missing or unusable
   */
  public Gateway(GatewayConfig config, Vertx vertx, PrometheusMeterRegistry registry,
      Clock clock) {
    this.config = config;
    this.vertx = vertx;
    this.registry = registry;
    this.clock = clock;
    this.metrics = new GatewayMetrics(registry);
    this.ownTokens = config.auth().mode() == AuthMode.TOKEN
        ? TokenVerifier.of(config.auth(), clock) : null;
  }

  /**
   * Looks up the log topic (on a worker thread), then binds the port. The future completes once
   * listening, or fails with one clear message; call it once.
   */
  public Future<Void> start() {
    LOG.info("starting gateway: {}", config);
    loop = vertx.getOrCreateContext();
    workers = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "gateway-catch-up");
      thread.setDaemon(true);
      return thread;
    });
    return loop.executeBlocking(this::partitionCount, false)
        .compose(count -> listen(new LogPartitions(count))
            .recover(e -> Future.failedFuture(new IllegalStateException("gateway cannot listen on "
                + config.httpHost() + ":" + config.httpPort() + ": " + e.getMessage(), e)))
            .onSuccess(bound -> listening(bound, count)))
        .onFailure(e -> stopTimersAndWorkers())
        .mapEmpty();
  }

  private void listening(HttpServer bound, int partitionCount) {
    server = bound;
    started = true;
    LOG.info("gateway listening on {}:{}, {} log partitions", config.httpHost(), port(),
        partitionCount);
  }

  private Future<HttpServer> listen(LogPartitions partitions) {
    Supplier<Consumer<byte[], byte[]>> consumers = this::newConsumer;
    feeds = new PartitionFeeds(Topics.LOGS, partitions, loop, consumers, metrics, RING_LINES,
        FEED_LINGER);
    sockets = new OpenSockets(metrics, System::nanoTime, clock, config.pingInterval());
    Access access = access();
    routerClient = vertx.createHttpClient();
    RecentClient recent = new RecentClient(routerClient, config.routerUrls(),
        config.routerTimeout());
    Follow follow = new Follow(feeds,
        new SocketCatchUp(Topics.LOGS, loop, consumers, workers, metrics));
    TailHandler tail = new TailHandler(config, partitions, follow, recent, sockets);
    RouteGuard guard = new RouteGuard(access, metrics);
    ReadRoutes reads = new ReadRoutes(new RecentLogsHandler(recent, config.maxRecent(), metrics),
        new LogCacheHandler(recent, config.maxRecent(), metrics, clock), guard);
    SubscriptionGroups groups = new SubscriptionGroups(feeds, partitions, metrics);
    Endpoints endpoints = new Endpoints(tail,
        new DumpHandler(config, recent, sockets, metrics, System::nanoTime),
        new RecentHandler(config, recent, metrics, System::nanoTime),
        new WebPage(), guard, new OpsEndpoints(registry, this::health), metrics, reads,
        new DopplerHandler(config, guard, tail, groups, sockets),
        new RlpReadHandler(config, loop, groups, metrics, clock));
    pingTimer = vertx.setPeriodic(config.pingInterval().toMillis(), id -> sockets.pingAll());
    return vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(0))
        .connectionHandler(FlushBatching::install)
        .requestHandler(endpoints::request)
        .invalidRequestHandler(endpoints::invalid)
        .listen(config.httpPort(), config.httpHost());
  }

  /** The {@link Access} of the configured mode; in oidc and cf mode starts fetching the keys. */
  private Access access() {
    AuthConfig auth = config.auth();
    if (auth.mode() == AuthMode.TOKEN) {
      return new Access(ownTokens);
    }
    providerClient = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true),
        new PoolOptions().setHttp1MaxSize(PROVIDER_CONNECTIONS));
    ProviderClient provider = new ProviderClient(vertx, providerClient);
    JwksKeys keys = new JwksKeys(provider, auth.oidc(), System::nanoTime);
    keys.refresh();
    OidcVerifier verifier = new OidcVerifier(auth.oidc(), keys, auth.mode() == AuthMode.OIDC,
        clock);
    return auth.mode() == AuthMode.OIDC ? new Access(verifier) : new Access(verifier,
        new CloudControllerAccess(provider, auth.cloudController(), System::nanoTime));
  }

  /** The bound port (useful with port 0). */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("gateway not started");
    }
    return server.actualPort();
  }

  Health health() {
    Map<String, String> details = Map.of("sockets", Integer.toString(metrics.socketsOpen()));
    return started ? Health.up(details) : Health.down(details);
  }

  /**
   * Closes every socket with 1001, stops the log consumers and the server; blocks, so call it
   * from main, a shutdown hook or a test, not an event loop. Idempotent.
   */
  @Override
  public void close() {
    started = false;
    if (loop == null) {
      return;
    }
    CompletableFuture<List<PartitionFeed>> stopped = new CompletableFuture<>();
    loop.runOnContext(v -> {
      if (sockets != null) {
        sockets.closeAll();
      }
      stopped.complete(feeds == null ? List.of() : feeds.closeAll("gateway shutting down"));
    });
    try {
      for (PartitionFeed feed : stopped.get(10, TimeUnit.SECONDS)) {
        feed.awaitStopped(Duration.ofSeconds(10));
      }
      if (server != null) {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("gateway did not stop cleanly: {}", e.toString());
    } finally {
      stopTimersAndWorkers();
      if (routerClient != null) {
        routerClient.close();
      }
      if (providerClient != null) {
        providerClient.close();
      }
      loop = null;
      LOG.info("gateway stopped");
    }
  }

  private void stopTimersAndWorkers() {
    vertx.cancelTimer(pingTimer);
    workers.shutdownNow();
  }

  private int partitionCount() {
    try (Consumer<byte[], byte[]> consumer = newConsumer()) {
      List<PartitionInfo> infos = TopicLookup.partitions(consumer, Topics.LOGS, STARTUP);
      if (infos.isEmpty()) {
        throw new IllegalStateException("log topic " + Topics.LOGS + " does not exist on "
            + config.bootstrapServers());
      }
      return infos.size();
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException("cannot reach Kafka at " + config.bootstrapServers()
          + " within " + STARTUP.toSeconds() + " s", e);
    }
  }

  private Consumer<byte[], byte[]> newConsumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.CLIENT_ID_CONFIG, "kloggregator-gateway-" + consumerIds.incrementAndGet(),
        // A fetch answered at the first new byte costs about as much as one carrying hundreds of
        // lines: with 12 feeds at 20,000 lines/s, per-fetch work was about a third of the
        // gateway's CPU (JFR). Waiting up to 10 ms for 64 KiB bounds that at ~100 fetches/s a
        // feed, for at most 10 ms more latency.
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS,
        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
  }
}
