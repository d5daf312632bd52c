package io.kloggregator.agent;

import io.kloggregator.ops.Backoff;
import io.kloggregator.ops.Health;
import io.kloggregator.ops.OpsServer;
import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.SharedSecret;
import io.kloggregator.schemas.proto.LogMessage.MessageType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DEA logging agent: watches {@code instances.json}, reads every listed instance's stdout and
 * stderr unix sockets, and sends each line to the ingest endpoints: as signed envelopes
 * ({@link SignedEmitter}) on TCP streams or one per UDP datagram, or in v2 envelope batches over
 * gRPC ({@link GrpcEmitter}).
 * Serves {@code /metrics} and {@code /health} on the ops port. Built by
 * {@link AgentMain} or a test; {@link #start} once, then {@link #close}.
 */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final AgentConfig config;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final AgentMetrics metrics;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private InstancesWatcher watcher;
  private OpsServer ops;

  public Agent(AgentConfig config) {
    this(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
  }

  public Agent(AgentConfig config, PrometheusMeterRegistry registry, Clock clock) {
    this.config = config;
    this.registry = registry;
    this.clock = clock;
    this.metrics = new AgentMetrics(registry);
  }

  /** Starts the emitter, the reader threads, the watcher and the ops endpoint. */
  public synchronized void start() {
    if (!started.isEmpty()) {
      throw new IllegalStateException("agent already started");
    }
    LOG.info("starting with {}", config);
    try {
      LineEmitter emitter = emitter();
      emitter.start();
      started.push(emitter);
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-reconnect-timer");
        t.setDaemon(true);
        return t;
      });
      started.push(timer::shutdownNow);
      List<ReadLoop> loops = new ArrayList<>();
      for (int i = 0; i < config.readerThreads(); i++) {
        ReadLoop loop = new ReadLoop("agent-reader-" + i);
        loop.start();
        started.push(loop);
        loops.add(loop);
      }
      LineEncoder.Emission emission = new LineEncoder.Emission(clock, emitter, metrics);
      StreamReader.Shared shared = new StreamReader.Shared(timer,
          () -> new Backoff(config.reconnectMin(), config.reconnectMax()), metrics,
          new RateLimitedLog(LoggerFactory.getLogger(StreamReader.class), Duration.ofSeconds(10),
              System::nanoTime));
      ReaderSet readers = new ReaderSet(loops, (instance, type, loop) -> new StreamReader(
          type == MessageType.OUT ? instance.stdoutSocket() : instance.stderrSocket(), loop,
          new LineSplitter(config.maxLineBytes(), new LineEncoder(instance, type, emission)),
          shared), metrics);
      started.push(readers);
      watcher = new InstancesWatcher(config.instancesFile(), readers::update, metrics);
      watcher.start();
      started.push(watcher);
      ops = OpsServer.start(config.opsHost(), config.opsPort(), registry, this::health);
      started.push(ops);
      LOG.info("agent started; ops endpoint on {}:{}", config.opsHost(), ops.port());
    } catch (RuntimeException e) {
      closeStarted();
      throw e;
    }
  }

  private LineEmitter emitter() {
    if (config.transport() != AgentConfig.Transport.GRPC) {
      RateLimitedLog sendErrors = new RateLimitedLog(LoggerFactory.getLogger(EnvelopeWire.class),
          Duration.ofSeconds(10), System::nanoTime);
      EnvelopeWire wire = config.transport() == AgentConfig.Transport.TCP
          ? new TcpWire(config.ingestEndpoints(), config.reconnectMin(), config.reconnectMax(),
              metrics, sendErrors, System::nanoTime)
          : new UdpWire(config.ingestEndpoints(), metrics, sendErrors);
      return new SignedEmitter(wire, config.emitQueueCapacity(), metrics,
          new EnvelopeCodec(SharedSecret.of(config.sharedSecret()), false),
          config.signatureMode());
    }
    AgentConfig.Grpc grpc = config.grpc();
    return new GrpcEmitter(config.ingestEndpoints(), grpc, new GrpcLane.Shared(
        config.emitQueueCapacity(), grpc.batchSize(), grpc.flushInterval(),
        config.reconnectMin(), config.reconnectMax(), metrics, System::nanoTime,
        new RateLimitedLog(LoggerFactory.getLogger(GrpcLane.class), Duration.ofSeconds(10),
            System::nanoTime)));
  }

  /** The bound port of {@code /metrics} and {@code /health}; valid after {@link #start}. */
  public synchronized int opsPort() {
    if (ops == null) {
      throw new IllegalStateException("agent not started");
    }
    return ops.port();
  }

  /** UP while instances.json is watched; a file that does not parse is shown, not DOWN. */
  private Health health() {
    Map<String, String> details = Map.of(
        "instances", Integer.toString(metrics.instances.get()),
        "readersOpen", Integer.toString(metrics.readersOpen.get()),
        "readersWaiting", Integer.toString(metrics.readersWaiting()),
        "instancesFileError", watcher == null ? "" : watcher.lastError());
    return watcher != null && watcher.isRunning() ? Health.up(details) : Health.down(details);
  }

  /** Stops watching and reading (flushing partial lines), then sends what is queued. */
  @Override
  public synchronized void close() {
    closeStarted();
    ops = null;
  }

  private void closeStarted() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        LOG.warn("closing an agent part failed", e);
      }
    }
  }
}
