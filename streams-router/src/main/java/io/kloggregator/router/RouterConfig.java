package io.kloggregator.router;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The streams router's validated configuration. {@link #of} gives test defaults on loopback;
 * {@link #fromEnv} reads the {@code KLOGGREGATOR_*} variables listed in the module README.
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
 * @param kafkaOverrides real Kafka Streams / client keys set last (e.g. session.timeout.ms)
 */
public record RouterConfig(String bootstrapServers, String etcdEndpoints, Path stateDir,
    String httpHost, int httpPort, String advertisedHost, String applicationId, int retainedLines,
    int standbyReplicas, int streamThreads, Duration startTimeout, long rocksDbMemoryBytes,
    boolean mirrorBindings, Instant drainsSince, Duration commitInterval,
    Map<String, String> kafkaOverrides) {

  public static final String DEFAULT_APPLICATION_ID = "kloggregator-router";
  public static final int DEFAULT_RETAINED_LINES = 1000;
  public static final int DEFAULT_HTTP_PORT = 8083;
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
  public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 128L * 1024 * 1024;
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
  static final int MAX_RETAINED_LINES = 100_000;

  public RouterConfig {
    requireText("bootstrapServers", bootstrapServers);
    requireText("etcdEndpoints", etcdEndpoints);
    Objects.requireNonNull(stateDir, "stateDir is required");
    requireText("httpHost", httpHost);
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("httpPort must be in 0..65535, was " + httpPort);
    }
    requireText("advertisedHost", advertisedHost);
    requireText("applicationId", applicationId);
    if (retainedLines < 1 || retainedLines > MAX_RETAINED_LINES) {
      throw new IllegalArgumentException("retainedLines must be in 1.." + MAX_RETAINED_LINES
          + ", was " + retainedLines);
    }
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException("standbyReplicas must be >= 0, was " + standbyReplicas);
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("streamThreads must be >= 1, was " + streamThreads);
    }
    Objects.requireNonNull(startTimeout, "startTimeout is required");
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("startTimeout must be > 0, was " + startTimeout);
    }
    if (rocksDbMemoryBytes < 1024 * 1024) {
      throw new IllegalArgumentException("rocksDbMemoryBytes must be >= 1048576, was "
          + rocksDbMemoryBytes);
    }
    Objects.requireNonNull(drainsSince, "drainsSince is required (Instant.EPOCH = route all)");
    if (drainsSince.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("drainsSince must not be before 1970, was "
          + drainsSince);
    }
    Objects.requireNonNull(commitInterval, "commitInterval is required");
    if (commitInterval.toMillis() < 1) {
      throw new IllegalArgumentException("commitInterval must be >= 1 ms, was " + commitInterval);
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
  }

  /** Defaults for tests and embedding: HTTP on 127.0.0.1 (port 0 = any free port). */
  public static RouterConfig of(String bootstrapServers, String etcdEndpoint, Path stateDir,
      int httpPort) {
    return new RouterConfig(bootstrapServers, etcdEndpoint, stateDir, "127.0.0.1", httpPort,
        "127.0.0.1", DEFAULT_APPLICATION_ID, DEFAULT_RETAINED_LINES, 0, 1,
        DEFAULT_START_TIMEOUT, DEFAULT_ROCKSDB_MEMORY_BYTES, true, Instant.EPOCH,
        DEFAULT_COMMIT_INTERVAL, Map.of());
  }

  RouterConfig withRetainedLines(int lines) {
    return new RouterConfig(bootstrapServers, etcdEndpoints, stateDir, httpHost, httpPort,
        advertisedHost, applicationId, lines, standbyReplicas, streamThreads, startTimeout,
        rocksDbMemoryBytes, mirrorBindings, drainsSince, commitInterval,
        kafkaOverrides);
  }

  RouterConfig withMirrorBindings(boolean mirror) {
    return new RouterConfig(bootstrapServers, etcdEndpoints, stateDir, httpHost, httpPort,
        advertisedHost, applicationId, retainedLines, standbyReplicas, streamThreads, startTimeout,
        rocksDbMemoryBytes, mirror, drainsSince, commitInterval,
        kafkaOverrides);
  }

  RouterConfig withApplicationId(String id) {
    return new RouterConfig(bootstrapServers, etcdEndpoints, stateDir, httpHost, httpPort,
        advertisedHost, id, retainedLines, standbyReplicas, streamThreads, startTimeout,
        rocksDbMemoryBytes, mirrorBindings, drainsSince, commitInterval,
        kafkaOverrides);
  }

  RouterConfig withDrainsSince(Instant since) {
    return new RouterConfig(bootstrapServers, etcdEndpoints, stateDir, httpHost, httpPort,
        advertisedHost, applicationId, retainedLines, standbyReplicas, streamThreads, startTimeout,
        rocksDbMemoryBytes, mirrorBindings, since, commitInterval, kafkaOverrides);
  }

  RouterConfig withStreamThreads(int threads) {
    return new RouterConfig(bootstrapServers, etcdEndpoints, stateDir, httpHost, httpPort,
        advertisedHost, applicationId, retainedLines, standbyReplicas, threads, startTimeout,
        rocksDbMemoryBytes, mirrorBindings, drainsSince, commitInterval, kafkaOverrides);
  }

  /** Reads the {@code KLOGGREGATOR_*} variables; unset optional ones take their defaults. */
  static RouterConfig fromEnv(Map<String, String> env) {
    return new RouterConfig(
        required(env, "KLOGGREGATOR_KAFKA_BOOTSTRAP"),
        required(env, "KLOGGREGATOR_ETCD_ENDPOINTS"),
        Path.of(required(env, "KLOGGREGATOR_ROUTER_STATE_DIR")),
        env.getOrDefault("KLOGGREGATOR_ROUTER_HTTP_HOST", "0.0.0.0"),
        integer(env, "KLOGGREGATOR_ROUTER_HTTP_PORT", DEFAULT_HTTP_PORT),
        env.getOrDefault("KLOGGREGATOR_ROUTER_ADVERTISED_HOST", "127.0.0.1"),
        env.getOrDefault("KLOGGREGATOR_ROUTER_APPLICATION_ID", DEFAULT_APPLICATION_ID),
        integer(env, "KLOGGREGATOR_ROUTER_RETAINED_LINES", DEFAULT_RETAINED_LINES),
        integer(env, "KLOGGREGATOR_ROUTER_STANDBY_REPLICAS", 0),
        integer(env, "KLOGGREGATOR_ROUTER_STREAM_THREADS", 1),
        Duration.ofSeconds(integer(env, "KLOGGREGATOR_ROUTER_START_TIMEOUT_SECONDS",
            (int) DEFAULT_START_TIMEOUT.toSeconds())),
        integer(env, "KLOGGREGATOR_ROUTER_ROCKSDB_MEMORY_MB",
            (int) (DEFAULT_ROCKSDB_MEMORY_BYTES >> 20)) * 1024L * 1024L,
        bool(env, "KLOGGREGATOR_ROUTER_MIRROR_BINDINGS", true),
        instant(env, "KLOGGREGATOR_ROUTER_DRAINS_SINCE"),
        Duration.ofMillis(integer(env, "KLOGGREGATOR_ROUTER_COMMIT_INTERVAL_MS",
            (int) DEFAULT_COMMIT_INTERVAL.toMillis())),
        kafkaOverrides(env));
  }

  /** The topology's part of this config. */
  RouterTopologyConfig topologyConfig(RouterEvents events) {
    return new RouterTopologyConfig(retainedLines, drainsSince.toEpochMilli(), events);
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value.trim();
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
    }
  }

  /** {@code KLOGGREGATOR_ROUTER_KAFKA_SESSION_TIMEOUT_MS=6000} → {@code session.timeout.ms}. */
  private static Map<String, String> kafkaOverrides(Map<String, String> env) {
    String prefix = "KLOGGREGATOR_ROUTER_KAFKA_";
    Map<String, String> overrides = new java.util.TreeMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        overrides.put(name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
            value);
      }
    });
    return overrides;
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, was '"
          + value + "'");
    };
  }

  private static Instant instant(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as "
          + "2026-11-25T09:00:00Z, was '" + value + "'", e);
    }
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
  }
}
