package io.kloggregator.local;

import io.kloggregator.gateway.GatewayConfig;
import io.kloggregator.testkit.LocalStack;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One run of the run command: Kafka and etcd, the pipeline on loopback, the demo app, and this
 * run's two tokens (the demo app's and an admin one, both signed with the run's own random
 * secret). {@link #start} says what it is doing as it goes; {@link #close} stops everything from
 * the source to the sink: the demo app, the pipeline (agent, bridge, gateway, router, drain
 * forwarder), then Kafka and etcd. Not thread-safe: started and closed by main.
 */
final class LocalRun implements AutoCloseable {

  static final String DEMO_APP = "demo-app";
  static final Duration TOKEN_TTL = Duration.ofDays(1);
  private static final Duration AGENT_LIMIT = Duration.ofSeconds(30);

  private final Instant startedAt;
  private final LocalStack stack;
  private final LocalPipeline pipeline;
  private final DemoApp demo;
  private final String demoToken;
  private final String adminToken;

  private LocalRun(Instant startedAt, LocalStack stack, LocalPipeline pipeline, DemoApp demo) {
    this.startedAt = startedAt;
    this.stack = stack;
    this.pipeline = pipeline;
    this.demo = demo;
    this.demoToken = pipeline.token(List.of(DEMO_APP), TOKEN_TTL);
    this.adminToken = pipeline.adminToken(TOKEN_TTL);
  }

  /** Starts the stack, the pipeline and the demo app; on a failure what started is closed. */
  static LocalRun start(LocalStack.Options stackOptions, LocalPipeline.Options options,
      PrintStream progress) {
    Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    progress.println("starting Kafka (KRaft, one node) and etcd ...");
    LocalStack stack = LocalStack.start(stackOptions);
    LocalPipeline pipeline = null;
    try {
      progress.println("starting the drain forwarder, streams router, gateway, ingest bridge "
          + "and agent ...");
      pipeline = LocalPipeline.start(stack, options);
      progress.println("starting the demo app ...");
      DemoApp demo = DemoApp.start(pipeline.warden(), DEMO_APP, AGENT_LIMIT);
      return new LocalRun(startedAt, stack, pipeline, demo);
    } catch (RuntimeException e) {
      try (stack) {
        if (pipeline != null) {
          pipeline.close();
        }
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  LocalStack stack() {
    return stack;
  }

  LocalPipeline pipeline() {
    return pipeline;
  }

  /** When the run started, to the second: the printed replay starts here. */
  Instant startedAt() {
    return startedAt;
  }

  /** Reads {@link #DEMO_APP} only. */
  String demoToken() {
    return demoToken;
  }

  /** Reads every app. */
  String adminToken() {
    return adminToken;
  }

  String gatewayUrl() {
    return "http://" + pipeline.host() + ":" + pipeline.gatewayPort();
  }

  /**
   * The demo app's tail with its recent lines first (as many as the gateway gives), so its very
   * first line shows however late the tail opens.
   */
  URI demoTail() {
    return URI.create("ws://" + pipeline.host() + ":" + pipeline.gatewayPort() + "/tail/?app="
        + DEMO_APP + "&format=json&recent=" + GatewayConfig.DEFAULT_MAX_RECENT);
  }

  @Override
  public void close() {
    demo.close();
    try {
      pipeline.close();
    } finally {
      stack.close();
    }
  }
}
