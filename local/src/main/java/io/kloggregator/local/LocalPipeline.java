package io.kloggregator.local;

import io.kloggregator.agent.Agent;
import io.kloggregator.agent.AgentConfig;
import io.kloggregator.drain.DrainForwarder;
import io.kloggregator.drain.ForwarderConfig;
import io.kloggregator.bridge.BridgeConfig;
import io.kloggregator.bridge.IngestBridge;
import io.kloggregator.gateway.Gateway;
import io.kloggregator.gateway.GatewayConfig;
import io.kloggregator.gateway.TokenIssuer;
import io.kloggregator.router.RouterConfig;
import io.kloggregator.router.StreamsRouter;
import io.kloggregator.testkit.FakeWarden;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.PortBinding;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every kloggregator component wired on one {@link LocalStack}: a DEA/warden stand-in, the agent,
 * the ingest bridge, the streams router, the gateway and the drain forwarder, on loopback ports.
 * The forwarder's policy admits loopback and private drain hosts (a receiver on this machine);
 * deployments keep the strict default. The run command and
 * the end-to-end tests build the pipeline from here. Components start in data-flow order from
 * the sink back, and close in reverse (agent, bridge, gateway, router, drain forwarder), so no
 * line is emitted before its path exists and each stage stops before the one it feeds. Every
 * listener is bound to 127.0.0.1.
 */
public final class LocalPipeline implements AutoCloseable {

  /**
   * Ports and secrets. {@link #forTests()} binds any free port; {@link #forLocalRun()} prefers
   * the components' default ports and binds any free one where a default is taken. Both draw
   * new random secrets, so a token of one run is worthless to the next. {@code drainOpsPort} is
   * the drain forwarder's {@code /metrics} and {@code /health}. Every listener is on 127.0.0.1.
   * {@code bridgeProducer}: Kafka producer settings over the bridge's defaults, as
   * {@code KLOGGREGATOR_BRIDGE_PRODUCER_*} gives them (benchmarks compare settings with it).
   */
  public record Options(int udpPort, int routerPort, int gatewayPort, int drainOpsPort,
      String sharedSecret, String jwtSecret, Map<String, String> bridgeProducer) {

    public Options {
      bridgeProducer = Map.copyOf(bridgeProducer);
      if (sharedSecret == null || sharedSecret.isBlank()) {
        throw new IllegalArgumentException("sharedSecret must not be blank");
      }
      if (jwtSecret == null || jwtSecret.length() < 32) {
        throw new IllegalArgumentException("jwtSecret must have at least 32 characters");
      }
    }

    public static Options forTests() {
      return new Options(0, 0, 0, 0, randomSecret(), randomSecret(), Map.of());
    }

    public static Options forLocalRun() {
      return new Options(BridgeConfig.DEFAULT_UDP_PORT, LOCAL_ROUTER_PORT,
          GatewayConfig.DEFAULT_HTTP_PORT, ForwarderConfig.DEFAULT_OPS_PORT, randomSecret(),
          randomSecret(), Map.of());
    }

    /** These options with the bridge's producer settings {@code overrides}. */
    public Options withBridgeProducer(Map<String, String> overrides) {
      return new Options(udpPort, routerPort, gatewayPort, drainOpsPort, sharedSecret, jwtSecret,
          overrides);
    }

    /** 256 random bits, base64url: 43 characters, enough for HS256. */
    private static String randomSecret() {
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
  }

  /** The router's port in the local run (its deployment default 8083 is left free). */
  static final int LOCAL_ROUTER_PORT = 8088;
  private static final String LOOPBACK = "127.0.0.1";

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final FakeWarden warden;
  private final Gateway gateway;
  private final StreamsRouter router;
  private final IngestBridge bridge;
  private final DrainForwarder drains;
  private final Agent agent;
  private final TokenIssuer tokens;

  private LocalPipeline(FakeWarden warden, Gateway gateway, StreamsRouter router,
      IngestBridge bridge, DrainForwarder drains, Agent agent, TokenIssuer tokens) {
    this.warden = warden;
    this.agent = agent;
    this.drains = drains;
    this.gateway = gateway;
    this.router = router;
    this.bridge = bridge;
    this.tokens = tokens;
  }

  /**
   * Starts every component on {@code stack}, each on its preferred port or, when that one is
   * taken, on any free one; on any failure what was started is closed.
   */
  public static LocalPipeline start(LocalStack stack, Options options) {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    Vertx vertx = Vertx.vertx();
    started.push(() -> vertx.close().await());
    try {
      DrainForwarder drains = PortBinding.preferOrAny(options.drainOpsPort(), port ->
          startOrClose(new DrainForwarder(drainConfig(stack, port), vertx, registry(),
              Clock.systemUTC()), DrainForwarder::start));
      started.push(drains);
      StreamsRouter router = PortBinding.preferOrAny(options.routerPort(), port ->
          startOrClose(new StreamsRouter(RouterConfig.of(stack.bootstrapServers(),
              stack.etcdEndpoint(), stack.dir().resolve("router-state"), port)
              .withInternalTopics(stack.replication()), vertx,
              registry()), r -> r.listen().await()));
      started.push(router);
      // Kafka Streams takes longest to start (a rebalance, its changelog topics): it starts on a
      // thread of its own while the others start, and the pipeline is up once it is RUNNING.
      Future<Void> routerRunning = router.startStreams();
      Gateway gateway = PortBinding.preferOrAny(options.gatewayPort(), port ->
          startOrClose(new Gateway(gatewayConfig(stack, router, port, options), vertx,
              registry(), Clock.systemUTC()), g -> g.start().await()));
      started.push(gateway);
      IngestBridge bridge = PortBinding.preferOrAny(options.udpPort(), port ->
          startOrClose(new IngestBridge(withTcp(BridgeConfig.of(stack.bootstrapServers(),
              options.sharedSecret(), port).withProducer(options.bridgeProducer()))),
              IngestBridge::start));
      started.push(bridge);
      FakeWarden warden = new FakeWarden(stack.dir().resolve("dea"));
      started.push(warden);
      warden.writeSnapshot();
      // The agent's default transport: its envelopes on one TCP stream, batched per write.
      Agent agent = new Agent(AgentConfig.of(warden.instancesFile(),
          List.of(new InetSocketAddress(LOOPBACK, bridge.tcpPort())), options.sharedSecret())
          .withTransport(AgentConfig.Transport.TCP));
      agent.start();
      started.push(agent);
      routerRunning.await();
      LocalPipeline pipeline = new LocalPipeline(warden, gateway, router, bridge, drains, agent,
          new TokenIssuer(options.jwtSecret()));
      pipeline.started.addAll(started);
      return pipeline;
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  /** The bridge also listens for the agent's TCP stream, on any free port. */
  private static BridgeConfig withTcp(BridgeConfig config) {
    return config.withListeners(config.listeners().withTcpPort(0));
  }

  private static PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** {@code start} applied to {@code component}; when it fails the component is closed. */
  private static <T extends AutoCloseable> T startOrClose(T component, Consumer<T> start) {
    try {
      start.accept(component);
      return component;
    } catch (RuntimeException e) {
      try {
        component.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Token mode with this run's secret, on loopback only. */
  private static GatewayConfig gatewayConfig(LocalStack stack, StreamsRouter router, int port,
      Options options) {
    return new GatewayConfig(stack.bootstrapServers(),
        List.of("http://" + LOOPBACK + ":" + router.httpPort()), LOOPBACK, port,
        options.jwtSecret(), GatewayConfig.DEFAULT_SOCKET_QUEUE_LIMIT,
        GatewayConfig.DEFAULT_HOPELESS_LOSS_FRAMES, GatewayConfig.DEFAULT_PING_INTERVAL,
        GatewayConfig.DEFAULT_ROUTER_TIMEOUT, GatewayConfig.DEFAULT_MAX_RECENT);
  }

  private static ForwarderConfig drainConfig(LocalStack stack, int opsPort) {
    ForwarderConfig defaults = ForwarderConfig.of(stack.bootstrapServers());
    return new ForwarderConfig(defaults.bootstrapServers(), defaults.groupId(), LOOPBACK,
        opsPort, defaults.policy().withAllowPrivate(true), defaults.timing(),
        defaults.limits(), defaults.kafka(), defaults.isolation(), defaults.https());
  }

  /** The DEA/warden stand-in: start app instances and write to their stdout/stderr here. */
  public FakeWarden warden() {
    return warden;
  }

  public int gatewayPort() {
    return gateway.port();
  }

  public int routerPort() {
    return router.httpPort();
  }

  /** The drain forwarder's {@code /metrics} and {@code /health} port. */
  public int drainOpsPort() {
    return drains.opsPort();
  }

  public int udpPort() {
    return bridge.udpPort();
  }

  /** The ingest bridge's {@code /metrics} and {@code /health} port. */
  public int bridgeOpsPort() {
    return bridge.opsPort();
  }

  /** The agent's {@code /metrics} and {@code /health} port. */
  public int agentOpsPort() {
    return agent.opsPort();
  }

  /** The address every listener of the pipeline is bound to. */
  public String host() {
    return LOOPBACK;
  }

  /** A token that may read {@code appIds}, valid for {@code ttl}. */
  public String token(List<String> appIds, Duration ttl) {
    return tokens.issue(appIds, false, ttl);
  }

  /** A token that may read every app (and the firehose), valid for {@code ttl}. */
  public String adminToken(Duration ttl) {
    return tokens.issue(List.of(), true, ttl);
  }

  @Override
  public void close() {
    closeAll(started);
  }

  private static void closeAll(Deque<AutoCloseable> started) {
    RuntimeException failure = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing the pipeline failed", e);
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
