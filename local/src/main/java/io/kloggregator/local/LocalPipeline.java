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
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Every kloggregator component wired on one {@link LocalStack}: a DEA/warden stand-in, the agent,
 * the ingest bridge, the streams router, the gateway and the drain forwarder, on loopback ports.
 * The forwarder's policy admits loopback and private drain hosts (a receiver on this machine);
 * deployments keep the strict default. The run command and
 * the end-to-end tests build the pipeline from here. Components start in data-flow order from
 * the sink back, and close in reverse, so no line is emitted before its path exists.
 */
public final class LocalPipeline implements AutoCloseable {

  /**
   * Ports and secrets; {@link #forTests()} picks free ports, {@link #forLocalRun()} fixed ones.
   * {@code drainOpsPort} is the drain forwarder's {@code /metrics} and {@code /health}.
   */
  public record Options(int udpPort, int routerPort, int gatewayPort, int drainOpsPort,
      String sharedSecret, String jwtSecret) {

    public Options {
      if (sharedSecret == null || sharedSecret.isBlank()) {
        throw new IllegalArgumentException("sharedSecret must not be blank");
      }
      if (jwtSecret == null || jwtSecret.length() < 32) {
        throw new IllegalArgumentException("jwtSecret must have at least 32 characters");
      }
    }

    public static Options forTests() {
      return new Options(0, 0, 0, 0, "local-shared-secret",
          "local-jwt-secret-of-at-least-32-bytes!");
    }

    public static Options forLocalRun(int udpPort, int routerPort, int gatewayPort,
        int drainOpsPort) {
      return new Options(udpPort, routerPort, gatewayPort, drainOpsPort, "local-shared-secret",
          "local-jwt-secret-of-at-least-32-bytes!");
    }
  }

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final FakeWarden warden;
  private final Gateway gateway;
  private final StreamsRouter router;
  private final IngestBridge bridge;
  private final DrainForwarder drains;
  private final TokenIssuer tokens;

  private LocalPipeline(FakeWarden warden, Gateway gateway, StreamsRouter router,
      IngestBridge bridge, DrainForwarder drains, TokenIssuer tokens) {
    this.warden = warden;
    this.drains = drains;
    this.gateway = gateway;
    this.router = router;
    this.bridge = bridge;
    this.tokens = tokens;
  }

  /** Starts every component on {@code stack}; on any failure what was started is closed. */
  public static LocalPipeline start(LocalStack stack, Options options) {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    Vertx vertx = Vertx.vertx();
    started.push(() -> vertx.close().await());
    try {
      DrainForwarder drains = new DrainForwarder(drainConfig(stack, options), vertx,
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
      drains.start();
      started.push(drains);
      StreamsRouter router = new StreamsRouter(RouterConfig.of(stack.bootstrapServers(),
          stack.etcdEndpoint(), stack.dir().resolve("router-state"), options.routerPort()),
          vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      router.start().await();
      started.push(router);
      Gateway gateway = new Gateway(GatewayConfig.of(stack.bootstrapServers(),
          List.of("http://127.0.0.1:" + router.httpPort()), options.gatewayPort(),
          options.jwtSecret()), vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          Clock.systemUTC());
      gateway.start().await();
      started.push(gateway);
      IngestBridge bridge = new IngestBridge(BridgeConfig.of(stack.bootstrapServers(),
          options.sharedSecret(), options.udpPort()));
      bridge.start();
      started.push(bridge);
      FakeWarden warden = new FakeWarden(stack.dir().resolve("dea"));
      started.push(warden);
      warden.writeSnapshot();
      Agent agent = new Agent(AgentConfig.of(warden.instancesFile(),
          List.of(new InetSocketAddress("127.0.0.1", bridge.udpPort())), options.sharedSecret()));
      agent.start();
      started.push(agent);
      LocalPipeline pipeline = new LocalPipeline(warden, gateway, router, bridge, drains,
          new TokenIssuer(options.jwtSecret()));
      pipeline.started.addAll(started);
      return pipeline;
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  private static ForwarderConfig drainConfig(LocalStack stack, Options options) {
    ForwarderConfig defaults = ForwarderConfig.of(stack.bootstrapServers());
    return new ForwarderConfig(defaults.bootstrapServers(), defaults.groupId(), "127.0.0.1",
        options.drainOpsPort(), defaults.policy().withAllowPrivate(true), defaults.timing(),
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

  /** A token that may read {@code appIds}, valid for {@code ttl}. */
  public String token(List<String> appIds, Duration ttl) {
    return tokens.issue(appIds, false, ttl);
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
