package io.kloggregator.testkit;

import io.kloggregator.schemas.TopicReplication;
import io.kloggregator.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real infrastructure kloggregator runs on: one KRaft Kafka node and one etcd, on loopback
 * ports picked so that stacks can run side by side, with data under one directory that
 * {@link #close} removes. The JUnit tests and the local run command both start it from here:
 * tests with Kafka's test kit in-process ({@link KafkaMode#IN_PROCESS}), the run command with the
 * broker's main class in its own JVM ({@link KafkaMode#CHILD_PROCESS}).
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final int BIND_ATTEMPTS = 5;

  /** Where the Kafka node runs. */
  public enum KafkaMode { IN_PROCESS, CHILD_PROCESS }

  /** What to start; {@link #forTests()} and {@link #forLocalRun()} give the two usual sets. */
  public record Options(KafkaMode kafkaMode, int preferredKafkaPort, int preferredEtcdPort,
      int logPartitions, String kafkaHeap, List<String> kafkaJvmOptions) {

    public Options {
      if (logPartitions < 1) {
        throw new IllegalArgumentException("logPartitions must be >= 1, was " + logPartitions);
      }
      kafkaJvmOptions = List.copyOf(kafkaJvmOptions);
    }

    /** No extra JVM options for a child-process broker. */
    public Options(KafkaMode kafkaMode, int preferredKafkaPort, int preferredEtcdPort,
        int logPartitions, String kafkaHeap) {
      this(kafkaMode, preferredKafkaPort, preferredEtcdPort, logPartitions, kafkaHeap,
          List.of());
    }

    public static Options forTests() {
      return new Options(KafkaMode.IN_PROCESS, 0, 0, 4, "512m");
    }

    /**
     * The run command's: a child-process broker on C1 only, which is ready about a second sooner
     * than with the JVM's defaults, at a lower peak throughput than a deployment's broker.
     */
    public static Options forLocalRun() {
      return new Options(KafkaMode.CHILD_PROCESS, 19092, 12379,
          Topics.DEFAULT_LOG_PARTITIONS, "512m", List.of("-XX:TieredStopAtLevel=1"));
    }
  }

  private final Path dir;
  private final KafkaNode kafka;
  private final EtcdServer etcd;
  private final TopicReplication replication;

  private LocalStack(Path dir, KafkaNode kafka, EtcdServer etcd, TopicReplication replication) {
    this.dir = dir;
    this.kafka = kafka;
    this.etcd = etcd;
    this.replication = replication;
  }

  /**
   * A three-broker {@link KafkaCluster} (separate JVMs, {@code kafkaHeap} each) and one etcd, the
   * contract topics at {@link TopicReplication#THREE_BROKERS}: for the fault tests that kill,
   * restart or wipe a broker.
   */
  public static LocalStack startCluster(int logPartitions, String kafkaHeap) {
    Path dir = TempDirs.create("kloggregator-cluster-");
    CompletableFuture<EtcdServer> etcdStart = CompletableFuture.supplyAsync(() ->
        EtcdServer.start(dir.resolve("etcd"), 0));
    KafkaCluster cluster;
    try {
      cluster = KafkaCluster.start(dir.resolve("kafka"), 3, kafkaHeap);
    } catch (RuntimeException e) {
      etcdStart.thenAccept(EtcdServer::close);
      TempDirs.deleteRecursively(dir);
      throw e;
    }
    LocalStack stack = new LocalStack(dir, cluster, etcdStart.join(),
        TopicReplication.THREE_BROKERS);
    try {
      stack.createTopics(logPartitions);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  /** Starts Kafka and etcd, creates kloggregator's topics, and returns when both answer. */
  public static LocalStack start(Options options) {
    Path dir = TempDirs.create("kloggregator-stack-");
    long began = System.nanoTime();
    // etcd starts on its own thread while Kafka formats and starts: the two are independent.
    CompletableFuture<EtcdServer> etcdStart = CompletableFuture.supplyAsync(() ->
        EtcdServer.start(dir.resolve("etcd"), options.preferredEtcdPort()));
    KafkaNode kafka;
    try {
      kafka = options.kafkaMode() == KafkaMode.IN_PROCESS
          ? TestKitKafka.start(dir.resolve("kafka"))
          : bind(options.preferredKafkaPort(), dir.resolve("kafka"),
              (kafkaDir, port) -> ProcessKafka.start(kafkaDir, port, options.kafkaHeap(),
                  options.kafkaJvmOptions()));
    } catch (RuntimeException e) {
      etcdStart.thenAccept(EtcdServer::close);
      TempDirs.deleteRecursively(dir);
      throw e;
    }
    EtcdServer etcd;
    try {
      etcd = etcdStart.join();
    } catch (CompletionException e) {
      kafka.close();
      TempDirs.deleteRecursively(dir);
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    LocalStack stack = new LocalStack(dir, kafka, etcd, TopicReplication.SINGLE_BROKER);
    try {
      stack.createTopics(options.logPartitions());
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    LOG.info("local stack up in {} ms: kafka {} etcd {}", (System.nanoTime() - began) / 1_000_000,
        kafka.bootstrapServers(), etcd.endpoint());
    return stack;
  }

  /**
   * Starts a child server on {@code preferred} (0 = any), and when it fails because a port is
   * taken, again on a fresh directory and another port: tried, not checked first.
   */
  private static <T> T bind(int preferred, Path serverDir, BiFunction<Path, Integer, T> start) {
    return PortBinding.bind(preferred, FreePorts::pick, BIND_ATTEMPTS, port -> {
      TempDirs.deleteRecursively(serverDir);
      return start.apply(serverDir, port);
    });
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String etcdEndpoint() {
    return etcd.endpoint();
  }

  public KafkaNode kafka() {
    return kafka;
  }

  public EtcdServer etcd() {
    return etcd;
  }

  /** The stack's scratch directory; components may keep their state below it. */
  public Path dir() {
    return dir;
  }

  /** Creates the log, drain and compacted bindings topics (see schemas/README.md). */
  public void createTopics(int logPartitions) {
    TopicSetup.create(bootstrapServers(), logPartitions, replication);
  }

  /** How the stack's topics are replicated; components creating topics follow it. */
  public TopicReplication replication() {
    return replication;
  }

  /** The Kafka cluster of a {@link #startCluster} stack. */
  public KafkaCluster cluster() {
    if (kafka instanceof KafkaCluster cluster) {
      return cluster;
    }
    throw new IllegalStateException("this stack runs one Kafka node, not a cluster");
  }

  @Override
  public void close() {
    try {
      kafka.close();
    } finally {
      etcd.close();
      TempDirs.deleteRecursively(dir);
    }
  }
}
