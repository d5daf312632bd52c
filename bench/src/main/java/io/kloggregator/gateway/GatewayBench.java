package io.kloggregator.gateway;

import static org.awaitility.Awaitility.await;

import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.LocalStack;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Gateway benchmark (bench/gateway/run.sh): a Kafka broker in its own JVM, the gateway in its own
 * JVM (-Xmx512m), and this JVM producing stamped lines and running the tail clients.
 * Phase 1, latency: 20,000 lines/s over 100 apps, one tail per app, emit-to-client p50/p99.
 * Phase 2, fan-out: 2,000 tails over 10 apps, lines delivered per second, heap, loss frames.
 * Arguments (all optional): seconds, latencyRate, sockets, fanoutAppRate, phase
 * (all|latency|fanout).
 */
public final class GatewayBench {

  private static final String SECRET = "bench-secret-bench-secret-bench-secret!";
  /**
   * Load runs this long before anything is recorded, and then until the gateway has caught up:
   * a cold gateway JVM (JIT, heap sizing) falls seconds behind in its first seconds at 20,000
   * lines/s on a busy machine, and that backlog is not the steady state being measured.
   */
  private static final Duration WARM_UP = Duration.ofSeconds(15);
  /** Records behind (all partitions) that count as caught up while load runs: ~0.1 s at 20k/s. */
  private static final double CAUGHT_UP_UNDER_LOAD = 2_000;

  private GatewayBench() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int latencyRate = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int sockets = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    int fanoutAppRate = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    String phase = args.length > 4 ? args[4] : "all";
    try (LocalStack stack = LocalStack.start(new LocalStack.Options(
        LocalStack.KafkaMode.CHILD_PROCESS, 0, 0, 12, "1g"))) {
      int port = FreePorts.pick();
      Map<String, String> env = Map.of(
          "KLOGGREGATOR_KAFKA_BOOTSTRAP", stack.bootstrapServers(),
          "KLOGGREGATOR_GATEWAY_ROUTERS", "http://127.0.0.1:9",
          "KLOGGREGATOR_GATEWAY_HOST", "127.0.0.1",
          "KLOGGREGATOR_GATEWAY_PORT", Integer.toString(port),
          "KLOGGREGATOR_GATEWAY_JWT_SECRET", SECRET);
      String token = new TokenIssuer(SECRET).issue(List.of(), true, Duration.ofHours(1));
      Vertx vertx = Vertx.vertx();
      try (BenchGatewayProcess gateway = new BenchGatewayProcess(env, port, "512m",
          java.nio.file.Path.of("bench/target/bench-gateway.log"))) {
        gateway.awaitHealthy(Duration.ofSeconds(60));
        if (phase.equals("all") || phase.equals("latency")) {
          latency(stack, gateway, vertx, token, seconds, latencyRate);
        }
        if (phase.equals("all") || phase.equals("fanout")) {
          fanout(stack, gateway, vertx, token, seconds, sockets, fanoutAppRate);
        }
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get();
      }
    }
    System.exit(0);
  }

  private static void latency(LocalStack stack, BenchGatewayProcess gateway, Vertx vertx,
      String token, int seconds, int rate) throws Exception {
    List<String> apps = apps("lat", 100);
    BenchKafkaProbe probe = new BenchKafkaProbe(stack.bootstrapServers(), 12, rate * seconds * 2);
    try (BenchClients clients = new BenchClients(vertx, apps.size(), rate * seconds * 2);
        BenchLoad load = new BenchLoad(stack.bootstrapServers())) {
      clients.open(gateway.port(), apps, apps.size(), token);
      load.start(apps, rate);
      pause(WARM_UP);
      awaitCaughtUp(gateway, CAUGHT_UP_UNDER_LOAD);
      clients.record(true);
      probe.record(true);
      System.out.println("recording from " + java.time.Instant.now());
      long sentBefore = load.sent();
      double gatewaySentBefore = gateway.metric("kloggregator_gateway_frames_sent_total");
      CpuWindow cpu = new CpuWindow(gateway);
      pause(Duration.ofSeconds(seconds));
      clients.record(false);
      probe.record(false);
      long sent = load.sent() - sentBefore;
      double gatewaySent = gateway.metric("kloggregator_gateway_frames_sent_total")
          - gatewaySentBefore;
      String cpuUse = cpu.report(gatewaySent);
      double lag = gateway.metric("kloggregator_gateway_consumer_lag");
      load.stop();
      awaitCaughtUp(gateway, 0);
      probe.close();
      report("latency-kafka-alone", "a plain consumer of the same partitions: emit->consumer"
          + " p50 %.2f ms, p99 %.2f ms", probe.latencyMillis(50), probe.latencyMillis(99));
      report("latency-diagnostics", "gateway wrote %.0f frames/s; gateway consumer lag at end %.0f"
          + " records; %s", gatewaySent / seconds, lag, cpuUse);
      report("latency", "%d apps, %d tails, offered %d lines/s, achieved %.0f lines/s emitted;"
          + " emit->client p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%d samples);"
          + " loss frames %d", apps.size(), apps.size(), rate, sent / (double) seconds,
          clients.latencyMillis(50), clients.latencyMillis(99), clients.latencyMillis(99.9),
          clients.latencyMillis(100), clients.latencySamples(), clients.lossFrames());
      report("latency-by-window", "p99 of each 5 s: emit->client %s ms; plain consumer %s ms",
          byWindow(clients.latencyMillisByWindow(99, Duration.ofSeconds(5))),
          byWindow(probe.latencyMillisByWindow(99, Duration.ofSeconds(5))));
    }
  }

  private static void fanout(LocalStack stack, BenchGatewayProcess gateway, Vertx vertx,
      String token, int seconds, int sockets, int appRate) throws Exception {
    List<String> apps = apps("fan", 10);
    try (BenchClients clients = new BenchClients(vertx, sockets, appRate * apps.size()
        * (sockets / apps.size()) * seconds * 2);
        BenchLoad load = new BenchLoad(stack.bootstrapServers())) {
      clients.open(gateway.port(), apps, sockets, token);
      load.start(apps, appRate * apps.size());
      pause(WARM_UP);
      awaitCaughtUp(gateway, CAUGHT_UP_UNDER_LOAD);
      clients.record(true);
      long framesBefore = clients.frames();
      double gatewaySentBefore = gateway.metric("kloggregator_gateway_frames_sent_total");
      CpuWindow cpu = new CpuWindow(gateway);
      long began = System.nanoTime();
      long heapMax = 0;
      for (int i = 0; i < seconds; i++) {
        pause(Duration.ofSeconds(1));
        heapMax = Math.max(heapMax, gateway.heapUsed());
      }
      double elapsed = (System.nanoTime() - began) / 1e9;
      long delivered = clients.frames() - framesBefore;
      String cpuUse = cpu.report(gateway.metric("kloggregator_gateway_frames_sent_total")
          - gatewaySentBefore);
      clients.record(false);
      load.stop();
      awaitCaughtUp(gateway, 0);
      report("fanout", "%d sockets on %d apps, offered %d lines/s per app (%d frames/s);"
          + " delivered %.0f frames/s; emit->client p50 %.2f ms, p99 %.2f ms;"
          + " gateway heap max %.0f MB (-Xmx512m); loss frames %d on %d sockets;"
          + " gateway dropped_total %.0f; sockets open at end %d", sockets, apps.size(), appRate,
          appRate * sockets, delivered / elapsed, clients.latencyMillis(50),
          clients.latencyMillis(99), heapMax / 1e6, clients.lossFrames(),
          clients.socketsWithLoss(), gateway.metric("kloggregator_gateway_dropped_total"),
          clients.openSockets());
      report("fanout-diagnostics", "%s", cpuUse);
    }
  }

  /** Waits (up to a minute) until the gateway is at most {@code maxLag} records behind. */
  private static void awaitCaughtUp(BenchGatewayProcess gateway, double maxLag)
      throws Exception {
    try {
      await().pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(60))
          .until(() -> gateway.metric("kloggregator_gateway_consumer_lag") <= maxLag);
    } catch (ConditionTimeoutException stillBehind) {
      System.out.println("WARNING gateway still more than " + maxLag
          + " records behind after 60 s; measuring anyway");
    }
  }

  private static List<String> byWindow(List<Double> millis) {
    return millis.stream().map(v -> String.format("%.1f", v)).toList();
  }

  private static List<String> apps(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + "-app-" + i).toList();
  }

  private static void pause(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }

  private static void report(String phase, String format, Object... args) {
    System.out.println("RESULT " + phase + ": " + String.format(format, args));
  }
}
