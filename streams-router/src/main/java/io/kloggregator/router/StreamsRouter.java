package io.kloggregator.router;

import io.etcd.jetcd.Client;
import io.kloggregator.ops.Health;
import io.kloggregator.ops.OpsEndpoints;
import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.schemas.TopicLookup;
import io.kloggregator.schemas.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streams-router instance: the Kafka Streams app (recent lines per app, drain routing), the
 * etcd bindings mirror, and the HTTP server ({@code /v1/recent}, {@code /health},
 * {@code /metrics}) on the given {@code Vertx}. Build it, {@link #start()} it once,
 * {@link #close()} it once (not on an event loop); start and close are not thread-safe, queries
 * run on Vert.x threads. The {@code Vertx} and the registry belong to the caller.
 */
public final class StreamsRouter implements AutoCloseable {

  static final int DEFAULT_SESSION_TIMEOUT_MS = 6_000;
  private static final Logger LOG = LoggerFactory.getLogger(StreamsRouter.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final RouterConfig config;
  private final PrometheusMeterRegistry registry;
  private final RouterMetrics metrics;
  private final MirrorMetrics mirrorMetrics;
  private final Vertx vertx;
  private final HttpClient ownerClient;
  private final RecentQueryHandler queries;
  private final OpsEndpoints ops;
  private final RocksDbMemory rocksDbMemory;
  private final CompletableFuture<Void> running = new CompletableFuture<>();
  private HttpServer server;
  private KafkaProducer<String, String> bindingsProducer;
  private BindingsMirror mirror;
  private volatile KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;

  /** Builds a router on {@code vertx}, registering its metrics in {@code registry}. */
  public StreamsRouter(RouterConfig config, Vertx vertx, PrometheusMeterRegistry registry) {
    this.config = config;
    this.registry = registry;
    this.metrics = new RouterMetrics(registry);
    this.mirrorMetrics = new MirrorMetrics(registry);
    this.vertx = vertx;
    this.ops = new OpsEndpoints(registry, this::health);
    this.ownerClient = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout(5_000).setIdleTimeout(30).setIdleTimeoutUnit(TimeUnit.SECONDS));
    this.queries = new RecentQueryHandler(vertx, ownerClient, config.retainedLines(),
        metrics.queryLatency());
    this.rocksDbMemory = new RocksDbMemory(config.rocksDbMemoryBytes());
    /* kloggregator.router.store.lines: estimated lines in this instance's active stores. */
    Gauge.builder("kloggregator.router.store.lines", this, StreamsRouter::storedLinesEstimate)
        .description("estimated lines held in this instance's recent-lines stores")
        .register(registry);
  }

  /**
   * Binds the HTTP server, then on a thread of its own runs the first etcd → Kafka bindings sync,
   * starts Kafka Streams and waits until it is RUNNING. The future fails with an
   * {@link IllegalStateException} giving the reason if the port is busy, etcd or Kafka do not
   * answer, or RUNNING is not reached in time.
   */
  public Future<Void> start() {
    return listen().compose(bound -> startStreams());
  }

  /**
   * The first half of {@link #start}: binds the HTTP server only, so that its port is known and
   * its health answers (DOWN) while Kafka Streams starts. Fails if the port is busy.
   */
  public Future<Void> listen() {
    LOG.info("starting streams router: {}", config);
    String address = config.httpHost() + ":" + config.httpPort();
    return vertx.createHttpServer().requestHandler(this::route)
        .listen(config.httpPort(), config.httpHost())
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "cannot bind HTTP on " + address + ": " + e.getMessage(), e)))
        .map(bound -> {
          server = bound;
          return null;
        });
  }

  /**
   * The second half of {@link #start}, after {@link #listen}: the bindings sync and Kafka Streams
   * up to RUNNING, on a thread of its own (it waits up to the start timeout, longer than a Vert.x
   * worker may block without warnings).
   */
  public Future<Void> startStreams() {
    if (server == null) {
      return Future.failedFuture(new IllegalStateException("listen() first"));
    }
    Promise<Void> started = Promise.promise();
    Thread thread = new Thread(() -> {
      try {
        runStreams();
        started.complete();
      } catch (RuntimeException e) {
        started.fail(e);
      }
    }, "router-start");
    thread.setDaemon(true);
    thread.start();
    return started.future();
  }

  private void runStreams() {
    if (config.mirrorBindings()) {
      startMirror();
    }
    HostInfo self = new HostInfo(config.advertisedHost(), server.actualPort());
    KafkaStreams created = new KafkaStreams(RouterTopology.build(
        config.topologyConfig(metrics, logPartitions())), streamsProperties(self));
    created.setStateListener(this::onStateChange);
    created.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; shutting this router instance down", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams = created;
    if (config.kafkaMetrics()) {
      streamsMetrics = new KafkaStreamsMetrics(created);
      streamsMetrics.bindTo(registry);
    }
    queries.attach(created, self);
    created.start();
    await(running, config.startTimeout(), "reach RUNNING (state " + created.state() + ")");
    LOG.info("streams router RUNNING; HTTP on {}:{}", config.httpHost(), server.actualPort());
  }

  private void startMirror() {
    bindingsProducer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000),
        new StringSerializer(), new StringSerializer());
    mirror = new BindingsMirror(() -> Client.builder()
        .endpoints(config.etcdEndpoints().split(",")).connectTimeout(Duration.ofSeconds(5)).build(),
        bindingsProducer,
        new BindingsTopicReader(config.bootstrapServers()), mirrorMetrics);
    mirror.start(Duration.ofSeconds(30));
  }

  /**
   * The log topic's partitions, looked up once: a record outside its key's partition is then
   * relocated. The topology needs the topic anyway, so a missing one fails the start here.
   */
  private LogPartitions logPartitions() {
    Map<String, Object> props = new HashMap<>(config.kafkaOverrides());
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-partitions");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props,
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = TopicLookup.partitions(consumer, Topics.LOGS,
          config.startTimeout());
      if (infos.isEmpty()) {
        throw new IllegalStateException("log topic " + Topics.LOGS + " does not exist on "
            + config.bootstrapServers());
      }
      return new LogPartitions(infos.size());
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException("cannot reach Kafka at " + config.bootstrapServers()
          + " within " + config.startTimeout().toSeconds() + " s", e);
    }
  }

  /** Log records stored so far (the {@code lines.stored} counter), for the benchmark. */
  double linesStored() {
    return registry.get("kloggregator.router.lines.stored").counter().count();
  }

  /** Stops processing (records stay in Kafka) until {@link #resume()}; for the benchmark. */
  void pause() {
    streams.pause();
  }

  void resume() {
    streams.resume();
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
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.internalTopics().replicationFactor());
    props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
        config.internalTopics().minInsyncReplicas());
    // The bindings' global store gets the same processing exception handler as the topology
    // (Kafka Streams 5 default; without it every start warns). The main consumer's copy reaches
    // the assignor, which otherwise warns again at a rebalance.
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    props.put(StreamsConfig.mainConsumerPrefix(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 8L * 1024 * 1024);
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
    props.put(RocksDbMemory.CONFIG_KEY, rocksDbMemory);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 10);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, DEFAULT_SESSION_TIMEOUT_MS);
    props.putAll(config.kafkaOverrides());
    return withHeartbeat(props);
  }

  /**
   * A killed router's tasks move to its standby once its group session times out, so that
   * timeout bounds the failover. The default is the brokers' stock minimum
   * ({@code group.min.session.timeout.ms}, 6 s); where the brokers allow less, a shorter one
   * ({@code KLOGGREGATOR_ROUTER_KAFKA_SESSION_TIMEOUT_MS}) fails over faster. Unless set too, the
   * heartbeat interval follows it at a third, as Kafka recommends.
   */
  static Properties withHeartbeat(Properties props) {
    if (!props.containsKey(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)) {
      int session = Integer.parseInt(
          String.valueOf(props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).trim());
      props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(1, session / 3));
    }
    return props;
  }

  private void route(HttpServerRequest request) {
    String path = request.path();
    Optional<OpsEndpoints.Answer> opsAnswer = ops.answer(path);
    if (RecentQueryHandler.PATH.equals(path)) {
      queries.handle(request);
    } else if (RecentQueryHandler.RANGE_PATH.equals(path)) {
      queries.handleRange(request);
    } else if (opsAnswer.isPresent()) {
      OpsEndpoints.Answer answer = opsAnswer.get();
      request.response().setStatusCode(answer.status())
          .putHeader("Content-Type", answer.contentType()).end(answer.body());
    } else {
      request.response().setStatusCode(404).end("not found: try /v1/recent, /v1/range, /health, "
          + "/metrics\n");
    }
  }

  /**
   * UP only while Kafka Streams is RUNNING; REBALANCING and every other state report DOWN (503).
   * The etcd watch state is a detail: lines are kept and served without it.
   */
  Health health() {
    KafkaStreams current = streams;
    String state = current == null ? "STARTING" : current.state().name();
    Map<String, String> details = Map.of("streams", state,
        "etcdWatch", !config.mirrorBindings() ? "DISABLED"
            : mirrorMetrics.isWatching() ? "WATCHING" : "RECONNECTING",
        "bindings", String.valueOf(mirrorMetrics.bindings()));
    return "RUNNING".equals(state) ? Health.up(details) : Health.down(details);
  }

  private double storedLinesEstimate() {
    KafkaStreams current = streams;
    if (current == null || current.state() != KafkaStreams.State.RUNNING) {
      return Double.NaN;
    }
    try {
      return current.store(StoreQueryParameters.fromNameAndType(RouterTopology.LINES_STORE,
          QueryableStoreTypes.keyValueStore())).approximateNumEntries();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * Closes Kafka Streams (committing, and leaving the group so that another instance takes over
   * the partitions at once rather than after the session timeout), the mirror, and the HTTP
   * server, in that order.
   */
  @Override
  public void close() {
    KafkaStreams current = streams;
    if (current != null && !current.close(CloseOptions.timeout(CLOSE_TIMEOUT)
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
      LOG.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    if (mirror != null) {
      mirror.close();
    }
    if (bindingsProducer != null) {
      bindingsProducer.close(Duration.ofSeconds(5));
    }
    if (server != null) {
      await(server.close().toCompletionStage().toCompletableFuture(), Duration.ofSeconds(10),
          "close the HTTP server");
    }
    ownerClient.close();
    rocksDbMemory.close();
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
