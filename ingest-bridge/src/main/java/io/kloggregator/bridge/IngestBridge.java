package io.kloggregator.bridge;

import io.kloggregator.ops.Health;
import io.kloggregator.ops.OpsServer;
import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.SharedSecret;
import io.kloggregator.schemas.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door into Kafka: envelopes arrive over UDP (and optionally length-prefixed over TCP),
 * are verified with the shared secret, and their {@code LogMessage}s are produced to
 * {@link Topics#LOGS} keyed by app id, in each app's order. What it drops it counts by reason.
 * Built by {@code IngestBridgeMain} or by tests; {@link #start} once, {@link #close} once.
 * Not thread-safe for lifecycle calls.
 */
public final class IngestBridge implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestBridge.class);
  static final Duration BOOT_KAFKA_LIMIT = Duration.ofSeconds(10);

  private final BridgeConfig config;
  private final PrometheusMeterRegistry registry;
  private final LongSupplier nanoClock;
  /** Wall clock, for record timestamps only. */
  private final Clock clock;
  private final Duration bootKafkaLimit;
  private final List<AutoCloseable> open = new ArrayList<>();
  private UdpListener udp;
  private TcpListener tcp;
  private GrpcIngress grpc;
  private OpsServer ops;

  public IngestBridge(BridgeConfig config) {
    this(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** A bridge registering its meters on {@code registry}, served on its ops port. */
  public IngestBridge(BridgeConfig config, PrometheusMeterRegistry registry) {
    this(config, registry, System::nanoTime, BOOT_KAFKA_LIMIT);
  }

  IngestBridge(BridgeConfig config, PrometheusMeterRegistry registry, LongSupplier nanoClock,
      Duration bootKafkaLimit) {
    this.config = config;
    this.registry = registry;
    this.nanoClock = nanoClock;
    this.clock = Clock.systemUTC();
    this.bootKafkaLimit = bootKafkaLimit;
  }

  /**
   * Binds the listeners, checks that Kafka answers and has the log topic, then starts receiving.
   *
   * @throws IllegalStateException with one clear message when a port is busy or Kafka is
   *     unreachable; nothing is left running then
   */
  public void start() {
    LOG.info("starting ingest bridge: {}", config);
    try {
      BridgeMetrics metrics = new BridgeMetrics(registry);
      LineBuffer buffer = new LineBuffer(config.limits().bufferBytes(),
          config.limits().appLinesPerSecond(), nanoClock, metrics);
      EnvelopeIntake intake = new EnvelopeIntake(
          new EnvelopeCodec(SharedSecret.of(config.sharedSecret()), config.legacy().accept()),
          config.legacy(), buffer, metrics,
          new RateLimitedLog(LOG, Duration.ofSeconds(10), nanoClock));
      BridgeConfig.Listeners listeners = config.listeners();
      udp = UdpTransportChoice.ofNetty().bind(listeners, intake, metrics);
      open.add(udp);
      if (listeners.hasTcp()) {
        tcp = TcpListener.bind(listeners.host(), listeners.tcpPort(), intake, metrics);
        open.add(tcp);
      }
      KafkaSender sender = startSender(buffer, metrics);
      if (config.grpc().enabled()) {
        startGrpc(metrics);
      }
      metrics.watch(buffer, sender);
      KafkaReachability reachability = startReachability();
      ops = OpsServer.start(listeners.host(), listeners.opsPort(), registry,
          () -> health(sender, reachability));
      open.add(ops);
      udp.start();
      if (tcp != null) {
        tcp.start();
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private KafkaSender startSender(LineBuffer buffer, BridgeMetrics metrics) {
    checkKafka();
    Map<String, Object> settings = ProducerSettings.of(config);
    Producer<byte[], byte[]> producer = new KafkaProducer<>(settings);
    KafkaSender sender = new KafkaSender(producer, buffer, metrics, nanoClock,
        new RecordTimestamps(clock), config.limits().unhealthyAfter(),
        ProducerSettings.inflightLimit(settings));
    open.add(0, sender);
    sender.start();
    return sender;
  }

  /** The v2 ingress, with a producer of its own: its calls are answered after Kafka's ack. */
  private void startGrpc(BridgeMetrics metrics) {
    Map<String, Object> settings = ProducerSettings.of(config);
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, "kloggregator-bridge-grpc");
    GrpcProducer producer = new GrpcProducer(new KafkaProducer<>(settings),
        new RecordTimestamps(clock), metrics, nanoClock);
    open.add(0, producer);
    V2Intake intake = new V2Intake(metrics, () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    });
    grpc = GrpcIngress.bind(config.listeners().host(), config.grpc(), intake, producer);
    open.add(grpc);
  }

  private KafkaReachability startReachability() {
    Map<String, Object> settings = new HashMap<>(adminSecuritySettings());
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "kloggregator-bridge-probe");
    settings.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    Duration interval = probeInterval(config.limits().unhealthyAfter());
    KafkaReachability reachability = new KafkaReachability(Admin.create(settings), nanoClock,
        interval);
    open.add(0, reachability);
    reachability.start();
    return reachability;
  }

  /** A third of the unhealthy bound, between 200 ms and 5 s. */
  static Duration probeInterval(Duration unhealthyAfter) {
    long millis = Math.max(200, Math.min(5000, unhealthyAfter.toMillis() / 3));
    return Duration.ofMillis(millis);
  }

  /** The producer overrides that say how to reach Kafka (TLS, SASL), for the admin probe. */
  private Map<String, Object> adminSecuritySettings() {
    Map<String, Object> security = new HashMap<>();
    config.producer().forEach((k, v) -> {
      if (k.startsWith("security.") || k.startsWith("ssl.") || k.startsWith("sasl.")) {
        security.put(k, v);
      }
    });
    return security;
  }

  /**
   * DOWN when records wait for Kafka's acknowledgement beyond the bound, or when Kafka has not
   * answered a probe for that long even though nothing waits.
   */
  private Health health(KafkaSender sender, KafkaReachability reachability) {
    Health ofSender = sender.health();
    Duration silent = reachability.silentFor();
    if (silent.compareTo(config.limits().unhealthyAfter()) <= 0) {
      return ofSender;
    }
    Map<String, String> details = new HashMap<>(ofSender.details());
    details.put("kafkaProbe", "no answer for " + silent.toMillis() + " ms: "
        + reachability.lastError());
    return Health.down(details);
  }

  /** Fails fast when Kafka does not answer or the log topic is missing. */
  private void checkKafka() {
    Map<String, Object> admin = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) Math.min(5000, bootKafkaLimit.toMillis()),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) bootKafkaLimit.toMillis());
    try (Admin client = Admin.create(admin)) {
      client.describeTopics(List.of(Topics.LOGS)).allTopicNames()
          .get(bootKafkaLimit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking Kafka", e);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("Kafka at " + config.bootstrapServers()
          + " unreachable or without topic " + Topics.LOGS + " within " + bootKafkaLimit
          + ": " + cause, e);
    }
  }

  /** The bound UDP port (useful when configured as 0). */
  public int udpPort() {
    return udp.port();
  }

  /** The bound TCP port, or -1 when the TCP listener is off. */
  public int tcpPort() {
    return tcp == null ? -1 : tcp.port();
  }

  /** The bound gRPC ingress port, or -1 when it is off. */
  public int grpcPort() {
    return grpc == null ? -1 : grpc.port();
  }

  /** The bound port of {@code /metrics} and {@code /health}. */
  public int opsPort() {
    return ops.port();
  }

  /** Stops listening, hands buffered lines to Kafka and flushes the producer (10 s at most). */
  @Override
  public void close() {
    List<AutoCloseable> toClose = new ArrayList<>(open);
    open.clear();
    Collections.reverse(toClose);
    RuntimeException failure = null;
    for (AutoCloseable c : toClose) {
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("ingest bridge did not close cleanly", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
