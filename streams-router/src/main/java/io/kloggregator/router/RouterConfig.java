package io.kloggregator.router;

import io.kloggregator.ops.config.ConfigException;
import io.kloggregator.ops.config.Setting;
import io.kloggregator.ops.config.SettingValues;
import io.kloggregator.ops.config.Settings;
import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.schemas.TopicReplication;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The streams router's validated configuration. {@link #of} gives test defaults on loopback;
 * {@link #fromEnv} reads the variables declared in {@link #SETTINGS} (the module README's table).
 * A bad value is refused as {@code VARIABLE=value: rule}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param etcdEndpoints etcd endpoints, comma-separated ({@code http://host:port})
 * @param stateDir Kafka Streams state directory (RocksDB stores live below it)
 * @param httpHost address the query HTTP server binds
 * @param httpPort port it binds; 0 = any free port
 * @param advertisedHost host other instances use to reach this one ({@code application.server})
 * @param applicationId Kafka Streams application id (consumer group, changelog topic prefix)
 * @param retainedLines lines kept per app (N)
 * @param standbyReplicas standby replicas of each store
 * @param streamThreads stream threads of this instance
 * @param startTimeout how long {@code start()} waits for RUNNING
 * @param rocksDbMemoryBytes block cache + memtables shared by every RocksDB store of the instance
 * @param mirrorBindings whether this instance mirrors etcd's bindings into the bindings topic
 * @param drainsSince lines with an earlier record time are stored but not routed to drains
 * @param commitInterval how often Kafka Streams commits (bounds the work redone after a crash)
 * @param kafkaMetrics whether Kafka Streams' and its clients' own metrics (about 3,200 series
 *     for one instance) are on the scrape beside the router's
 * @param historyRetention how long every line stays readable by time in the history store
 * @param internalTopics replication of the changelog and repartition topics Kafka Streams creates
 * @param kafkaOverrides real Kafka Streams / client keys set last (e.g. session.timeout.ms)
 */
public record RouterConfig(String bootstrapServers, String etcdEndpoints, Path stateDir,
    String httpHost, int httpPort, String advertisedHost, String applicationId, int retainedLines,
    int standbyReplicas, int streamThreads, Duration startTimeout, long rocksDbMemoryBytes,
    boolean mirrorBindings, Instant drainsSince, Duration commitInterval, boolean kafkaMetrics,
    Duration historyRetention, TopicReplication internalTopics,
    Map<String, String> kafkaOverrides) {

  public static final String DEFAULT_APPLICATION_ID = "kloggregator-router";
  public static final int DEFAULT_RETAINED_LINES = 1000;
  public static final int DEFAULT_HTTP_PORT = 8083;
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
  public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 128L * 1024 * 1024;
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
  static final int MAX_RETAINED_LINES = 100_000;
  /** As long as the log topic keeps its records (schemas/README.md: 7 days). */
  public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(7);

  static final Setting<String> BOOTSTRAP = Setting.text("KLOGGREGATOR_KAFKA_BOOTSTRAP")
      .rule(s -> !s.isBlank(), "must not be blank").doc("Kafka bootstrap servers");
  static final Setting<String> ETCD = Setting.text("KLOGGREGATOR_ETCD_ENDPOINTS")
      .rule(s -> !s.isBlank(), "must not be blank")
      .doc("etcd endpoints, comma-separated (`http://host:port`)");
  static final Setting<Path> STATE_DIR = Setting.path("KLOGGREGATOR_ROUTER_STATE_DIR")
      .doc("Kafka Streams state dir (RocksDB stores); keep it on a persistent disk");
  static final Setting<String> HTTP_HOST = Setting.text("KLOGGREGATOR_ROUTER_HTTP_HOST")
      .rule(s -> !s.isBlank(), "must not be blank").orElse("0.0.0.0")
      .doc("address the HTTP server binds");
  static final Setting<Integer> HTTP_PORT = Setting.port("KLOGGREGATOR_ROUTER_HTTP_PORT")
      .orElse(DEFAULT_HTTP_PORT)
      .doc("HTTP port (`/v1/recent`, `/health`, `/metrics`); 0 = any free port");
  static final Setting<String> ADVERTISED_HOST = Setting
      .text("KLOGGREGATOR_ROUTER_ADVERTISED_HOST")
      .rule(s -> !s.isBlank(), "must not be blank").orElse("127.0.0.1")
      .doc("host other instances use to reach this one (`application.server` = host + bound "
          + "port)");
  static final Setting<String> APPLICATION_ID = Setting
      .text("KLOGGREGATOR_ROUTER_APPLICATION_ID")
      .rule(s -> !s.isBlank(), "must not be blank").orElse(DEFAULT_APPLICATION_ID)
      .doc("Kafka Streams `application.id` (consumer group, changelog prefix)");
  static final Setting<Integer> RETAINED_LINES = Setting
      .integer("KLOGGREGATOR_ROUTER_RETAINED_LINES")
      .rule(n -> n >= 1 && n <= MAX_RETAINED_LINES, "must be 1.." + MAX_RETAINED_LINES)
      .orElse(DEFAULT_RETAINED_LINES).doc("N, lines kept per app");
  static final Setting<Integer> STANDBY_REPLICAS = Setting
      .integer("KLOGGREGATOR_ROUTER_STANDBY_REPLICAS")
      .rule(n -> n >= 0, "must be >= 0").orElse(0)
      .doc("standby replicas per store (`num.standby.replicas`)");
  static final Setting<Integer> STREAM_THREADS = Setting
      .integer("KLOGGREGATOR_ROUTER_STREAM_THREADS")
      .rule(n -> n >= 1, "must be >= 1").orElse(1).doc("stream threads of this instance");
  static final Setting<Duration> START_TIMEOUT = Setting
      .seconds("KLOGGREGATOR_ROUTER_START_TIMEOUT_SECONDS")
      .rule(d -> d.toMillis() > 0, "must be > 0").orElse(DEFAULT_START_TIMEOUT)
      .doc("how long start-up waits for Kafka Streams to reach RUNNING before failing");
  static final Setting<Long> ROCKSDB_MEMORY = Setting
      .mebibytes("KLOGGREGATOR_ROUTER_ROCKSDB_MEMORY_MB")
      .rule(b -> b >= 1024 * 1024, "must be >= 1").orElse(DEFAULT_ROCKSDB_MEMORY_BYTES)
      .doc("block cache + memtables shared by all RocksDB stores of the instance "
          + "(`BoundedRocksDbConfig`; memtables are charged to the cache, at most half)");
  static final Setting<Boolean> MIRROR_BINDINGS = Setting
      .bool("KLOGGREGATOR_ROUTER_MIRROR_BINDINGS").orElse(true)
      .doc("whether this instance mirrors etcd bindings into `kloggregator.bindings` (every "
          + "instance may; writes are diffs, duplicates are harmless)");
  static final Setting<Instant> DRAINS_SINCE = Setting.instant("KLOGGREGATOR_ROUTER_DRAINS_SINCE")
      .rule(i -> !i.isBefore(Instant.EPOCH), "must not be before 1970")
      .orElse(Instant.EPOCH, "unset (= route all)")
      .doc("lines with an earlier record time are stored but not routed to drains (used after "
          + "a store rebuild)");
  static final Setting<Duration> COMMIT_INTERVAL = Setting
      .millis("KLOGGREGATOR_ROUTER_COMMIT_INTERVAL_MS")
      .rule(d -> d.toMillis() >= 1, "must be >= 1").orElse(DEFAULT_COMMIT_INTERVAL)
      .doc("Kafka Streams `commit.interval.ms`: bounds the work redone after a crash");
  static final Setting<Boolean> KAFKA_METRICS = Setting
      .bool("KLOGGREGATOR_ROUTER_STREAMS_METRICS").orElse(false)
      .doc("also publish Kafka Streams' and its clients' own metrics on `/metrics` (consumer "
          + "lag, commit and process rates: about 3,200 series per instance, so off by default)");
  static final Setting<Duration> HISTORY_RETENTION = Setting
      .seconds("KLOGGREGATOR_ROUTER_HISTORY_SECONDS")
      .rule(d -> d.toSeconds() >= 60, "must be >= 60").orElse(DEFAULT_HISTORY_RETENTION)
      .doc("how long every line stays readable by time (`/v1/range`, the gateway's Log Cache "
          + "reads) in the history store; costs about the log topic's bytes for that time, on "
          + "disk and in its changelog");
  static final Setting<Integer> REPLICATION_FACTOR = Setting
      .integer("KLOGGREGATOR_ROUTER_REPLICATION_FACTOR")
      .rule(n -> n >= 1, "must be >= 1").orElse(1)
      .doc("replication factor of the changelog and repartition topics the router creates "
          + "(`replication.factor`); 3 on a three-broker cluster, as the contract topics");
  static final Setting<Integer> MIN_INSYNC_REPLICAS = Setting
      .integer("KLOGGREGATOR_ROUTER_MIN_INSYNC_REPLICAS")
      .rule(n -> n >= 1, "must be >= 1").orElse(1)
      .doc("`min.insync.replicas` of those topics, at most the replication factor; 2 on a "
          + "three-broker cluster, so an acknowledged store update survives one lost broker");
  static final Setting<Map<String, String>> KAFKA = Setting.prefix("KLOGGREGATOR_ROUTER_KAFKA_")
      .doc("any Kafka Streams / client setting, set last: `<KEY>` lower-cased with `_` → `.` "
          + "(e.g. `KLOGGREGATOR_ROUTER_KAFKA_SESSION_TIMEOUT_MS=1500` → `session.timeout.ms`). "
          + "The session timeout (router default 6000, the brokers' stock minimum; heartbeat a "
          + "third of it unless set) bounds a killed router's failover to its standby: lower "
          + "it only with the brokers' `group.min.session.timeout.ms` at most as high");

  /** Every variable the router reads, in README order. */
  public static final Settings SETTINGS = Settings.of(BOOTSTRAP, ETCD, STATE_DIR, HTTP_HOST,
      HTTP_PORT, ADVERTISED_HOST, APPLICATION_ID, RETAINED_LINES, STANDBY_REPLICAS,
      STREAM_THREADS, START_TIMEOUT, ROCKSDB_MEMORY, MIRROR_BINDINGS, DRAINS_SINCE,
      COMMIT_INTERVAL, KAFKA_METRICS, HISTORY_RETENTION, REPLICATION_FACTOR, MIN_INSYNC_REPLICAS,
      KAFKA);

  public RouterConfig {
    BOOTSTRAP.require(bootstrapServers);
    ETCD.require(etcdEndpoints);
    STATE_DIR.require(stateDir);
    HTTP_HOST.require(httpHost);
    HTTP_PORT.require(httpPort);
    ADVERTISED_HOST.require(advertisedHost);
    APPLICATION_ID.require(applicationId);
    RETAINED_LINES.require(retainedLines);
    STANDBY_REPLICAS.require(standbyReplicas);
    STREAM_THREADS.require(streamThreads);
    START_TIMEOUT.require(startTimeout);
    ROCKSDB_MEMORY.require(rocksDbMemoryBytes);
    DRAINS_SINCE.require(drainsSince);
    COMMIT_INTERVAL.require(commitInterval);
    HISTORY_RETENTION.require(historyRetention);
    if (internalTopics == null) {
      throw new IllegalArgumentException("internalTopics must not be null");
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
  }

  /** Defaults for tests and embedding: HTTP on 127.0.0.1 (port 0 = any free port). */
  public static RouterConfig of(String bootstrapServers, String etcdEndpoint, Path stateDir,
      int httpPort) {
    return new RouterConfig(bootstrapServers, etcdEndpoint, stateDir, "127.0.0.1", httpPort,
        "127.0.0.1", DEFAULT_APPLICATION_ID, DEFAULT_RETAINED_LINES, 0, 1,
        DEFAULT_START_TIMEOUT, DEFAULT_ROCKSDB_MEMORY_BYTES, true, Instant.EPOCH,
        DEFAULT_COMMIT_INTERVAL, false, DEFAULT_HISTORY_RETENTION,
        TopicReplication.SINGLE_BROKER, Map.of());
  }

  RouterConfig withRetainedLines(int lines) {
    return new RouterConfig(bootstrapServers, etcdEndpoints, stateDir, httpHost, httpPort,
        advertisedHost, applicationId, lines, standbyReplicas, streamThreads, startTimeout,
        rocksDbMemoryBytes, mirrorBindings, drainsSince, commitInterval,
        kafkaMetrics, historyRetention, internalTopics, kafkaOverrides);
  }

  RouterConfig withMirrorBindings(boolean mirror) {
    return new RouterConfig(bootstrapServers, etcdEndpoints, stateDir, httpHost, httpPort,
        advertisedHost, applicationId, retainedLines, standbyReplicas, streamThreads, startTimeout,
        rocksDbMemoryBytes, mirror, drainsSince, commitInterval,
        kafkaMetrics, historyRetention, internalTopics, kafkaOverrides);
  }

  RouterConfig withApplicationId(String id) {
    return new RouterConfig(bootstrapServers, etcdEndpoints, stateDir, httpHost, httpPort,
        advertisedHost, id, retainedLines, standbyReplicas, streamThreads, startTimeout,
        rocksDbMemoryBytes, mirrorBindings, drainsSince, commitInterval,
        kafkaMetrics, historyRetention, internalTopics, kafkaOverrides);
  }

  RouterConfig withDrainsSince(Instant since) {
    return new RouterConfig(bootstrapServers, etcdEndpoints, stateDir, httpHost, httpPort,
        advertisedHost, applicationId, retainedLines, standbyReplicas, streamThreads, startTimeout,
        rocksDbMemoryBytes, mirrorBindings, since, commitInterval, kafkaMetrics, historyRetention,
        internalTopics, kafkaOverrides);
  }

  RouterConfig withStreamThreads(int threads) {
    return new RouterConfig(bootstrapServers, etcdEndpoints, stateDir, httpHost, httpPort,
        advertisedHost, applicationId, retainedLines, standbyReplicas, threads, startTimeout,
        rocksDbMemoryBytes, mirrorBindings, drainsSince, commitInterval, kafkaMetrics,
        historyRetention, internalTopics, kafkaOverrides);
  }

  /** Reads the {@link #SETTINGS} variables; unset optional ones take their defaults. */
  public static RouterConfig fromEnv(Map<String, String> env) {
    SettingValues v = SETTINGS.bind(env);
    return new RouterConfig(v.get(BOOTSTRAP), v.get(ETCD), v.get(STATE_DIR), v.get(HTTP_HOST),
        v.get(HTTP_PORT), v.get(ADVERTISED_HOST), v.get(APPLICATION_ID), v.get(RETAINED_LINES),
        v.get(STANDBY_REPLICAS), v.get(STREAM_THREADS), v.get(START_TIMEOUT),
        v.get(ROCKSDB_MEMORY), v.get(MIRROR_BINDINGS), v.get(DRAINS_SINCE),
        v.get(COMMIT_INTERVAL), v.get(KAFKA_METRICS), v.get(HISTORY_RETENTION),
        internalTopics(v), v.get(KAFKA));
  }

  /** The cross-field rule: at most as many in-sync replicas required as there are replicas. */
  private static TopicReplication internalTopics(SettingValues v) {
    int factor = v.get(REPLICATION_FACTOR);
    int minInsync = v.get(MIN_INSYNC_REPLICAS);
    if (minInsync > factor) {
      throw new ConfigException(List.of(MIN_INSYNC_REPLICAS.name() + "=" + minInsync
          + ": must be at most " + REPLICATION_FACTOR.name() + " (" + factor + ")"));
    }
    return new TopicReplication(factor, minInsync);
  }

  /** This config with its internal topics replicated as {@code replication}. */
  public RouterConfig withInternalTopics(TopicReplication replication) {
    return new RouterConfig(bootstrapServers, etcdEndpoints, stateDir, httpHost, httpPort,
        advertisedHost, applicationId, retainedLines, standbyReplicas, streamThreads, startTimeout,
        rocksDbMemoryBytes, mirrorBindings, drainsSince, commitInterval, kafkaMetrics,
        historyRetention, replication, kafkaOverrides);
  }

  /** The topology's part of this config, for a log topic of {@code logPartitions}. */
  RouterTopologyConfig topologyConfig(RouterEvents events, LogPartitions logPartitions) {
    return new RouterTopologyConfig(retainedLines, drainsSince.toEpochMilli(),
        historyRetention.toMillis(), events, logPartitions);
  }
}
