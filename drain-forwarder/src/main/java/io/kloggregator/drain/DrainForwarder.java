package io.kloggregator.drain;

import io.kloggregator.ops.Health;
import io.kloggregator.schemas.Topics;
import io.kloggregator.ops.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the drain topic to syslog and HTTPS drains: one consumer-group member (several
 * forwarders share the drains by partition), one connection (for HTTPS: one request in flight)
 * per drain URL, at least once and in order per drain.
 *
 * <p>Networking is Vert.x's {@link NetClient}: drains are spread over the event loops, each
 * drain's state lives on one context (no locks on the data path), and the socket's write queue
 * ({@code writeQueueFull}/{@code drainHandler}) is the send-side backpressure. A thousand mostly
 * idle connections cost a few event loops instead of a thousand threads, and TLS comes from the
 * same client with per-connection options (the binding's CA and client certificate).
 *
 * <p>Lifecycle: construct, {@link #start()} once, {@link #close()} once (commits what was
 * delivered). The {@link Vertx}, registry and clock are the caller's and are not closed.
 */
public final class DrainForwarder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DrainForwarder.class);

  private final ForwarderConfig config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final List<String> deployments = new ArrayList<>();
  private NetClient client;
  private HttpClient http;
  private KafkaProducer<String, byte[]> producer;
  private DrainRegistry drains;
  private DrainConsumer consumer;
  private Thread consumerThread;
  private BindingsWatch bindings;
  private OpsServer ops;

  public DrainForwarder(ForwarderConfig config, Vertx vertx, PrometheusMeterRegistry registry,
      Clock clock) {
    this.config = config;
    this.vertx = vertx;
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * Binds the ops port, checks that Kafka answers and has the drain topic, and starts consuming;
   * throws (after releasing what it opened) on any failure.
   */
  public void start() {
    LOG.info("starting drain forwarder: {}", config);
    try {
      open();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void open() {
    ops = OpsServer.start(config.opsHost(), config.opsPort(), registry, this::health);
    client = vertx.createNetClient(new NetClientOptions()
        .setTcpKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout((int) config.timing().connectTimeout().toMillis()));
    producer = new KafkaProducer<>(producerProps(), new StringSerializer(),
        new ByteArraySerializer());
    try {
      producer.partitionsFor(Topics.DRAINS);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new IllegalStateException("Kafka at " + config.bootstrapServers()
          + " does not answer or has no topic " + Topics.DRAINS + ": " + e.getMessage(), e);
    }
    http = vertx.createHttpClient(new HttpClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout((int) config.timing().connectTimeout().toMillis()));
    DrainLinks links = new DrainLinks(config, new DrainConnector(vertx, client, http, config),
        new NoticeWriter(producer, clock, registry), registry, clock);
    drains = new DrainRegistry(eventLoopContexts(), links);
    bindings = new BindingsWatch(new KafkaConsumer<>(groupless("drain-bindings"),
        new StringDeserializer(), new StringDeserializer()));
    if (bindings.load(Duration.ofSeconds(30))) {
      Thread watch = new Thread(bindings, "drain-bindings");
      watch.setDaemon(true);
      watch.start();
    }
    consumer = new DrainConsumer(new KafkaConsumer<>(consumerProps(), new StringDeserializer(),
        new ByteArrayDeserializer()), this::readerConsumer, drains, bindings, config, registry);
    consumerThread = new Thread(consumer, "drain-consumer");
    consumerThread.setDaemon(true);
    consumerThread.start();
    LOG.info("drain forwarder started; ops on port {}", ops.port());
  }

  /** The port of {@code /metrics} and {@code /health}. */
  public int opsPort() {
    return ops.port();
  }

  Health health() {
    Map<String, String> details = Map.of(
        "drains", String.valueOf(drains == null ? 0 : drains.size()),
        "failingDrains", String.valueOf(drains == null ? 0 : drains.failing()),
        "partitions", String.valueOf(consumer == null ? 0 : consumer.assignedPartitions()));
    return consumer != null && consumer.isAlive() ? Health.up(details) : Health.down(details);
  }

  private List<Context> eventLoopContexts() {
    int n = Math.max(1, Runtime.getRuntime().availableProcessors());
    List<Context> contexts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Promise<Context> ctx = Promise.promise();
      String id = await(vertx.deployVerticle(new VerticleBase() {
        @Override
        public Future<?> start() {
          ctx.complete(context);
          return Future.succeededFuture();
        }
      }));
      deployments.add(id);
      contexts.add(await(ctx.future()));
    }
    return contexts;
  }

  private Map<String, Object> consumerProps() {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    // One drain's lines share a partition: fetch more than the 1 MiB default per partition.
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "drain-forwarder");
    p.putAll(config.kafka());
    return p;
  }

  /** A group-less consumer for a {@link CatchUpReader} (assigned and positioned by it). */
  private KafkaConsumer<String, byte[]> readerConsumer() {
    return new KafkaConsumer<>(groupless("drain-catch-up"), new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  private Map<String, Object> groupless(String clientId) {
    Map<String, Object> p = consumerProps();
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    return p;
  }

  private Map<String, Object> producerProps() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "drain-forwarder-notices");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    return p;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot start the drain forwarder: " + e.getMessage(), e);
    }
  }

  /** Stops consuming, commits what was delivered, closes drains, Kafka clients and ops. */
  @Override
  public void close() {
    if (consumer != null && consumerThread != null) {
      consumer.stop();
      joinConsumer(config.timing().settle().multipliedBy(3).plusSeconds(10));
    }
    if (bindings != null) {
      bindings.close();
    }
    if (drains != null) {
      awaitQuietly(drains.closeAll(), "closing drains");
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (client != null) {
      awaitQuietly(client.close(), "closing the net client");
    }
    if (http != null) {
      awaitQuietly(http.close(), "closing the HTTP client");
    }
    awaitQuietly(Future.join(deployments.stream().map(vertx::undeploy).toList()), "undeploying");
    if (ops != null) {
      ops.close();
    }
    LOG.info("drain forwarder closed");
  }

  private static void awaitQuietly(Future<?> future, String what) {
    try {
      future.await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("{} took more than 10 s; going on", what);
    } catch (RuntimeException e) {
      LOG.warn("{} failed: {}", what, e.toString());
    }
  }

  private void joinConsumer(Duration limit) {
    try {
      consumerThread.join(limit.toMillis());
      if (consumerThread.isAlive()) {
        consumer.wakeup();
        consumerThread.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
