package io.kloggregator.local.multiprocess;

import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.Topics;
import io.kloggregator.testkit.EtcdServer;
import io.kloggregator.testkit.FakeWarden;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.ProcessKafka;
import io.kloggregator.testkit.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * deploy/compose.yml's topology as separate processes on this machine: a KRaft broker JVM, etcd,
 * two ingest bridges, two streams routers, two gateways and an agent reading a fake warden's
 * sockets. Each component runs its real {@code *Main} with the environment compose gives it.
 * Component logs stay in {@code target/multiprocess-logs/}. The agent sends each app's lines to
 * one bridge (chosen by app id), so every line is in Kafka once. Used by the bench module's
 * {@code MultiProcessIT} and fault suite ({@code io.kloggregator.local.faults}), which share one
 * stack. Not thread-safe.
 */
public final class MultiProcessStack implements AutoCloseable {

  static final String SHARED_SECRET = "multi-process-shared-secret";
  public static final String JWT_SECRET = "multi-process-jwt-secret-of-32-bytes-or-more";
  /** Lines a router keeps per app and the largest gateway dump (both components' default). */
  public static final int RETAINED_LINES = 1000;
  private static final int LOG_PARTITIONS = 4;
  private static final Duration START_LIMIT = Duration.ofMinutes(2);

  private final Path dir;
  private final Path logDir = Path.of("target", "multiprocess-logs").toAbsolutePath();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<ComponentProcess> routers = new ArrayList<>();
  private final List<ComponentProcess> gateways = new ArrayList<>();
  private final List<Integer> gatewayPorts = new ArrayList<>();
  private final List<Path> routerStateDirs = new ArrayList<>();
  private final List<ComponentProcess> components = new ArrayList<>();
  private ProcessKafka kafka;
  private boolean brokerDown;
  private FakeWarden warden;

  private MultiProcessStack(Path dir) {
    this.dir = dir;
  }

  /** Starts everything and returns when every component's {@code /health} answers 200. */
  public static MultiProcessStack start() {
    MultiProcessStack stack = new MultiProcessStack(TempDirs.create("kl-multi-"));
    try {
      stack.startAll();
      return stack;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  public FakeWarden warden() {
    return warden;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** SIGKILL to the broker JVM, as a crashed broker host. */
  public void killBroker() {
    brokerDown = true;
    kafka.kill();
  }

  /** Starts the broker again on the same data and ports; returns when it answers. */
  public void startBroker() {
    kafka.startBroker();
    brokerDown = false;
  }

  public int gatewayPort(int index) {
    return gatewayPorts.get(index);
  }

  public int gatewayCount() {
    return gateways.size();
  }

  public ComponentProcess router(int index) {
    return routers.get(index);
  }

  public int routerCount() {
    return routers.size();
  }

  /** {@code KLOGGREGATOR_ROUTER_STATE_DIR} of router {@code index}. */
  public Path routerStateDir(int index) {
    return routerStateDirs.get(index);
  }

  public ComponentProcess gateway(int index) {
    return gateways.get(index);
  }

  /**
   * Makes the stack whole after a test that killed parts of it: starts the broker and every
   * exited component again, then waits until every component's {@code /health} answers 200.
   */
  public void repair() {
    if (brokerDown) {
      startBroker();
    }
    restart(components.stream().filter(c -> !c.isAlive()).toArray(ComponentProcess[]::new));
    components.forEach(MultiProcessStack::awaitHealthy);
  }

  /** Starts killed components again (same environment), then waits for each one's /health. */
  public void restart(ComponentProcess... components) {
    for (ComponentProcess component : components) {
      component.restart();
    }
    for (ComponentProcess component : components) {
      awaitHealthy(component);
    }
  }

  private void startAll() {
    CompletableFuture<EtcdServer> etcdStart = CompletableFuture.supplyAsync(() ->
        EtcdServer.start(dir.resolve("etcd"), 0));
    kafka = ProcessKafka.start(dir.resolve("kafka"), FreePorts.pick(), "384m");
    toClose.add(kafka);
    EtcdServer etcd = etcdStart.join();
    toClose.add(etcd);
    String bootstrap = kafka.bootstrapServers();
    createTopics(bootstrap);
    warden = new FakeWarden(dir.resolve("warden"));
    toClose.add(warden);

    List<ComponentProcess> all = new ArrayList<>();
    List<String> ingest = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      int udp = FreePorts.pick();
      int tcp = FreePorts.pick();
      int ops = FreePorts.pick();
      // The agent's default transport: its TCP stream to each bridge.
      ingest.add("127.0.0.1:" + tcp);
      all.add(launch("ingest-bridge-" + i, "io.kloggregator.bridge.IngestBridgeMain", ops, Map.of(
          "KLOGGREGATOR_KAFKA_BOOTSTRAP", bootstrap,
          "KLOGGREGATOR_SHARED_SECRET", SHARED_SECRET,
          "KLOGGREGATOR_BRIDGE_UDP_HOST", "127.0.0.1",
          "KLOGGREGATOR_BRIDGE_UDP_PORT", Integer.toString(udp),
          "KLOGGREGATOR_BRIDGE_TCP_PORT", Integer.toString(tcp),
          "KLOGGREGATOR_BRIDGE_OPS_PORT", Integer.toString(ops))));
    }
    List<String> routerUrls = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      int http = FreePorts.pick();
      routerUrls.add("http://127.0.0.1:" + http);
      routerStateDirs.add(dir.resolve("router-" + i));
      ComponentProcess router = launch("streams-router-" + i,
          "io.kloggregator.router.StreamsRouterMain", http, Map.of(
              "KLOGGREGATOR_KAFKA_BOOTSTRAP", bootstrap,
              "KLOGGREGATOR_ETCD_ENDPOINTS", etcd.endpoint(),
              "KLOGGREGATOR_ROUTER_STATE_DIR", routerStateDirs.get(i - 1).toString(),
              "KLOGGREGATOR_ROUTER_HTTP_HOST", "127.0.0.1",
              "KLOGGREGATOR_ROUTER_HTTP_PORT", Integer.toString(http),
              "KLOGGREGATOR_ROUTER_ADVERTISED_HOST", "127.0.0.1",
              "KLOGGREGATOR_ROUTER_STANDBY_REPLICAS", "1",
              "KLOGGREGATOR_ROUTER_ROCKSDB_MEMORY_MB", "16",
              "KLOGGREGATOR_ROUTER_START_TIMEOUT_SECONDS", "120",
              // A killed router's tasks move to its standby after the session timeout (the
              // broker allows 1 s): as deploy/compose.yml.
              "KLOGGREGATOR_ROUTER_KAFKA_SESSION_TIMEOUT_MS", "1500"));
      routers.add(router);
      all.add(router);
    }
    // Two waves, so fewer JVMs start at once on a small machine: bridges and routers, then
    // (once the bridges answer) the gateways and the agent.
    all.subList(0, 2).forEach(MultiProcessStack::awaitHealthy);
    for (int i = 1; i <= 2; i++) {
      int http = FreePorts.pick();
      gatewayPorts.add(http);
      List<String> order = i == 1 ? routerUrls : List.of(routerUrls.get(1), routerUrls.get(0));
      ComponentProcess gateway = launch("gateway-" + i, "io.kloggregator.gateway.GatewayMain",
          http, Map.of(
              "KLOGGREGATOR_KAFKA_BOOTSTRAP", bootstrap,
              "KLOGGREGATOR_GATEWAY_ROUTERS", String.join(",", order),
              "KLOGGREGATOR_GATEWAY_JWT_SECRET", JWT_SECRET,
              "KLOGGREGATOR_GATEWAY_HOST", "127.0.0.1",
              "KLOGGREGATOR_GATEWAY_PORT", Integer.toString(http),
              "KLOGGREGATOR_GATEWAY_ROUTER_TIMEOUT_MS", "3000"));
      gateways.add(gateway);
      all.add(gateway);
    }
    int agentOps = FreePorts.pick();
    all.add(launch("agent", "io.kloggregator.agent.AgentMain", agentOps, Map.of(
        "KLOGGREGATOR_AGENT_INSTANCES_FILE", warden.instancesFile().toString(),
        "KLOGGREGATOR_AGENT_INGEST", String.join(",", ingest),
        "KLOGGREGATOR_SHARED_SECRET", SHARED_SECRET,
        "KLOGGREGATOR_AGENT_OPS_HOST", "127.0.0.1",
        "KLOGGREGATOR_AGENT_OPS_PORT", Integer.toString(agentOps))));

    all.forEach(MultiProcessStack::awaitHealthy);
  }

  private static void awaitHealthy(ComponentProcess component) {
    await(component.name() + " healthy").atMost(START_LIMIT).pollInterval(Duration.ofMillis(300))
        .until(component::isStartedAndHealthy);
  }

  private ComponentProcess launch(String name, String mainClass, int healthPort,
      Map<String, String> env) {
    ComponentProcess process = ComponentProcess.start(name, mainClass, env, healthPort, logDir);
    toClose.add(process);
    components.add(process);
    return process;
  }

  /** The topics of schemas/README.md, as deploy/compose.yml's kafka-init creates them. */
  private static void createTopics(String bootstrap) {
    Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(adminConfig)) {
      admin.createTopics(List.of(
          new NewTopic(Topics.LOGS, LOG_PARTITIONS, (short) 1),
          new NewTopic(Topics.DRAINS, LOG_PARTITIONS, (short) 1),
          new NewTopic(Topics.BINDINGS, 1, (short) 1).configs(Map.of(
              TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
          .all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topics", e);
    }
  }

  /** Stops components first (newest first), then the warden, etcd and the broker. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        first = first == null ? new IllegalStateException("close failed", e) : first;
      }
    }
    TempDirs.deleteRecursively(dir);
    if (first != null) {
      throw first;
    }
  }
}
