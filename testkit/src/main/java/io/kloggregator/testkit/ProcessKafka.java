package io.kloggregator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft Kafka node as a separate JVM running {@code kafka.Kafka} from the Maven Central jars on
 * this JVM's class path, so it can be killed with SIGKILL and restarted on the same data and
 * ports. Not thread-safe.
 */
public final class ProcessKafka implements KafkaNode {

  private static final Duration READY_LIMIT = Duration.ofSeconds(90);
  /**
   * The storage format runs for about a second: C1 only and the serial collector start it faster
   * than the JVM's defaults (1.0 s instead of 1.4 s, measured on the 2-core machine).
   */
  private static final List<String> SHORT_LIVED_JVM =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final Path dir;
  private final int brokerPort;
  private final ChildProcess broker;
  private final List<String> formatCommand;

  private ProcessKafka(Path dir, int brokerPort, ChildProcess broker, List<String> formatCommand) {
    this.dir = dir;
    this.brokerPort = brokerPort;
    this.broker = broker;
    this.formatCommand = List.copyOf(formatCommand);
  }

  /** Formats a data dir under {@code dir}, starts the broker on {@code brokerPort}, waits. */
  public static ProcessKafka start(Path dir, int brokerPort, String heap) {
    return start(dir, brokerPort, heap, List.of());
  }

  /**
   * As {@link #start(Path, int, String)}, with {@code jvmOptions} added to the broker's JVM (the
   * run command starts its broker with C1 only: a faster start, less peak throughput).
   */
  public static ProcessKafka start(Path dir, int brokerPort, String heap,
      List<String> jvmOptions) {
    int controllerPort = FreePorts.pick();
    Properties p = serverProperties(1, dir.resolve("data"), brokerPort, controllerPort);
    p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    ProcessKafka node = prepare(dir, brokerPort, p, heap, jvmOptions,
        Uuid.randomUuid().toString(), List.of("--standalone"));
    node.startBroker();
    return node;
  }

  /**
   * One node of a {@link KafkaCluster}: combined broker + controller {@code nodeId} with the
   * static quorum {@code voters} ({@code id@host:port,...}) and {@code overrides} on top of the
   * single-node settings. Formatted, not started: the quorum needs a majority of its nodes up.
   */
  static ProcessKafka clusterNode(Path dir, int nodeId, int brokerPort, int controllerPort,
      String voters, String clusterId, Map<String, String> overrides, String heap) {
    Properties p = serverProperties(nodeId, dir.resolve("data"), brokerPort, controllerPort);
    p.setProperty("controller.quorum.voters", voters);
    // A killed node is fenced, and its partitions led elsewhere, once it misses heartbeats for
    // this long (stock 9 s, every 2 s): that bounds the stall of a leader kill. Cluster nodes
    // only: a lone node's own controller would fence it for a long pause on a loaded machine.
    p.setProperty("broker.session.timeout.ms", "3000");
    p.setProperty("broker.heartbeat.interval.ms", "500");
    p.putAll(overrides);
    return prepare(dir, brokerPort, p, heap, List.of(), clusterId, List.of());
  }

  private static ProcessKafka prepare(Path dir, int brokerPort, Properties server, String heap,
      List<String> jvmOptions, String clusterId, List<String> formatFlags) {
    Path config = dir.resolve("server.properties");
    Path logConfig = dir.resolve("log4j2.properties");
    try {
      Files.createDirectories(dir);
      try (var out = Files.newBufferedWriter(config)) {
        server.store(out, "kloggregator KRaft node (testkit)");
      }
      Files.writeString(logConfig, String.join("\n",
          "rootLogger.level = WARN", "rootLogger.appenderRef.out.ref = out",
          "appender.out.type = Console", "appender.out.name = out",
          "appender.out.layout.type = PatternLayout",
          "appender.out.layout.pattern = [%d] %p %m (%c)%n", ""));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Kafka config in " + dir, e);
    }
    String classPath = System.getProperty("java.class.path");
    String log4j = "-Dlog4j2.configurationFile=" + logConfig;
    List<String> format = new ArrayList<>(List.of(ChildProcess.javaBinary()));
    format.addAll(SHORT_LIVED_JVM);
    format.addAll(List.of(log4j, "-cp", classPath, "kafka.tools.StorageTool", "format", "-t",
        clusterId, "-c", config.toString()));
    format.addAll(formatFlags);
    List<String> brokerCommand = new ArrayList<>(List.of(ChildProcess.javaBinary(),
        "-Xmx" + heap, "-Xms" + heap));
    brokerCommand.addAll(jvmOptions);
    brokerCommand.addAll(List.of(log4j, "-cp", classPath, "kafka.Kafka", config.toString()));
    ChildProcess broker = new ChildProcess("kafka", brokerCommand, dir.resolve("kafka.log"));
    ProcessKafka node = new ProcessKafka(dir, brokerPort, broker, format);
    node.format();
    return node;
  }

  private void format() {
    ChildProcess.runToCompletion("kafka-storage format", formatCommand,
        dir.resolve("format.log"), Duration.ofMinutes(1));
  }

  /** Starts the broker again on the same data and ports, after {@link #kill} or {@link #stop}. */
  public void startBroker() {
    launch();
    awaitReady();
  }

  /** Starts the JVM without waiting for it to answer. */
  void launch() {
    broker.start();
  }

  /** Waits until the node answers a metadata request; fails if its JVM exits. */
  void awaitReady() {
    Deadline.await("Kafka on port " + brokerPort, READY_LIMIT, this::answers, broker::checkAlive);
  }

  /**
   * As a broker whose disk was replaced: killed (-9), its data directory deleted and formatted
   * again (same cluster id and node id), then started; it rejoins and copies its replicas back.
   */
  public void wipeAndStart() {
    kill();
    TempDirs.deleteRecursively(dir.resolve("data"));
    format();
    startBroker();
  }

  /** SIGKILL: no clean shutdown, as a crashed broker. */
  public void kill() {
    broker.kill();
  }

  /** SIGTERM and wait for a controlled shutdown. */
  public void stop() {
    broker.stop(Duration.ofSeconds(30));
  }

  @Override
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  @Override
  public void close() {
    stop();
    TempDirs.deleteRecursively(dir);
  }

  private boolean answers() {
    if (!listens()) {
      return false;
    }
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    try (Admin admin = Admin.create(config)) {
      return !admin.describeCluster().nodes().get().isEmpty();
    } catch (Exception notYet) {
      return false;
    }
  }

  /** A plain TCP probe first, so the admin client is only made once the port is open. */
  private boolean listens() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", brokerPort), 500);
      return true;
    } catch (IOException closed) {
      return false;
    }
  }

  private static Properties serverProperties(int nodeId, Path logDirs, int port,
      int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(nodeId));
    p.setProperty("listeners",
        "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", logDirs.toString());
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // Lets a router's group session be as short as 1 s (stock minimum 6 s): fast failover.
    p.setProperty("group.min.session.timeout.ms", "1000");
    return p;
  }
}
