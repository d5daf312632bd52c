package io.kloggregator.agent;

import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's validated configuration. Built by {@link #of} (defaults for everything but the
 * instances file, the ingest endpoints and the secret) or {@link #fromEnv} (for
 * {@link AgentMain}). Every bad value is refused by the constructor with the key, the rule and
 * the value. Immutable; {@link #toString} masks the secret.
 *
 * @param instancesFile the DEA's {@code instances.json}; its directory is watched
 * @param ingestEndpoints where every envelope is sent (UDP); at least one, resolved
 * @param sharedSecret the emitter protocol's shared secret
 * @param signatureMode HMAC (default), LEGACY (the original's) or BOTH
 * @param opsHost host of the {@code /metrics} and {@code /health} endpoint
 * @param opsPort its port, 0 = any free port
 * @param maxLineBytes longer lines are cut and marked {@code TRUNCATED}
 * @param emitQueueCapacity encoded envelopes waiting to be sent; when full the oldest is dropped
 * @param reconnectMin first reconnect delay after a socket fails or ends (jittered)
 * @param reconnectMax cap of the doubling reconnect delay
 * @param readerThreads selector threads that read the app sockets
 */
public record AgentConfig(Path instancesFile, List<InetSocketAddress> ingestEndpoints,
    String sharedSecret, SignatureMode signatureMode, String opsHost, int opsPort,
    int maxLineBytes, int emitQueueCapacity, Duration reconnectMin, Duration reconnectMax,
    int readerThreads) {

  public static final String DEFAULT_INGEST = "127.0.0.1:3456";
  public static final SignatureMode DEFAULT_SIGNATURE_MODE = SignatureMode.HMAC;
  public static final String DEFAULT_OPS_HOST = "127.0.0.1";
  public static final int DEFAULT_OPS_PORT = 0;
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
  public static final int DEFAULT_EMIT_QUEUE_CAPACITY = 16_384;
  public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(100);
  public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(5);
  public static final int DEFAULT_READER_THREADS = 2;

  static final String ENV_CONFIG_FILE = "KLOGGREGATOR_AGENT_CONFIG_FILE";
  static final String ENV_INSTANCES_FILE = "KLOGGREGATOR_AGENT_INSTANCES_FILE";
  static final String ENV_INGEST = "KLOGGREGATOR_AGENT_INGEST";
  static final String ENV_SHARED_SECRET = "KLOGGREGATOR_SHARED_SECRET";
  static final String ENV_SIGNATURE = "KLOGGREGATOR_AGENT_SIGNATURE";
  static final String ENV_OPS_HOST = "KLOGGREGATOR_AGENT_OPS_HOST";
  static final String ENV_OPS_PORT = "KLOGGREGATOR_AGENT_OPS_PORT";
  static final String ENV_MAX_LINE = "KLOGGREGATOR_AGENT_MAX_LINE_BYTES";
  static final String ENV_QUEUE = "KLOGGREGATOR_AGENT_EMIT_QUEUE";
  static final String ENV_RECONNECT_MIN = "KLOGGREGATOR_AGENT_RECONNECT_MIN_MS";
  static final String ENV_RECONNECT_MAX = "KLOGGREGATOR_AGENT_RECONNECT_MAX_MS";
  static final String ENV_READER_THREADS = "KLOGGREGATOR_AGENT_READER_THREADS";
  static final String DEFAULT_INSTANCES_FILE = "/var/vcap/data/dea_next/db/instances.json";

  public AgentConfig {
    require(instancesFile != null, "instancesFile", "is required", null);
    require(ingestEndpoints != null && !ingestEndpoints.isEmpty(), "ingestEndpoints",
        "needs at least one host:port", ingestEndpoints);
    ingestEndpoints = List.copyOf(ingestEndpoints);
    for (InetSocketAddress endpoint : ingestEndpoints) {
      require(!endpoint.isUnresolved(), "ingestEndpoints", "must resolve", endpoint);
      require(endpoint.getPort() > 0, "ingestEndpoints", "port must be 1..65535", endpoint);
    }
    require(sharedSecret != null && !sharedSecret.isBlank(), "sharedSecret", "must not be blank",
        "<blank>");
    require(signatureMode != null, "signatureMode", "is required (HMAC, LEGACY or BOTH)", null);
    require(opsHost != null && !opsHost.isBlank(), "opsHost", "must not be blank", opsHost);
    require(opsPort >= 0 && opsPort <= 65535, "opsPort", "must be 0..65535", opsPort);
    require(maxLineBytes >= 64 && maxLineBytes <= 16 * 1024 * 1024, "maxLineBytes",
        "must be 64..16777216", maxLineBytes);
    require(emitQueueCapacity >= 1 && emitQueueCapacity <= 1_000_000, "emitQueueCapacity",
        "must be 1..1000000", emitQueueCapacity);
    require(reconnectMin != null && !reconnectMin.isNegative() && !reconnectMin.isZero(),
        "reconnectMin", "must be > 0", reconnectMin);
    require(reconnectMax != null && reconnectMax.compareTo(reconnectMin) >= 0, "reconnectMax",
        "must be >= reconnectMin (" + reconnectMin + ")", reconnectMax);
    require(readerThreads >= 1 && readerThreads <= 64, "readerThreads", "must be 1..64",
        readerThreads);
  }

  /** Defaults for everything but the file to watch, where to send and the secret. */
  public static AgentConfig of(Path instancesFile, List<InetSocketAddress> ingestEndpoints,
      String sharedSecret) {
    return new AgentConfig(instancesFile, ingestEndpoints, sharedSecret, DEFAULT_SIGNATURE_MODE,
        DEFAULT_OPS_HOST, DEFAULT_OPS_PORT, DEFAULT_MAX_LINE_BYTES, DEFAULT_EMIT_QUEUE_CAPACITY,
        DEFAULT_RECONNECT_MIN, DEFAULT_RECONNECT_MAX, DEFAULT_READER_THREADS);
  }

  /**
   * Reads the {@code KLOGGREGATOR_*} variables described in the module README. When
   * {@code KLOGGREGATOR_AGENT_CONFIG_FILE} names a properties file, its entries (same keys) are
   * the base and the environment overrides them.
   */
  public static AgentConfig fromEnv(Map<String, String> env) {
    String file = env.get(ENV_CONFIG_FILE);
    if (file == null || file.isBlank()) {
      return parse(env);
    }
    Map<String, String> merged = new HashMap<>(readFile(Path.of(file)));
    merged.putAll(env);
    return parse(merged);
  }

  /** Reads a properties file into a map; a missing or unreadable file is a startup error. */
  static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV_CONFIG_FILE + " cannot be read, got '" + file
          + "': " + e.getMessage(), e);
    }
    Map<String, String> out = new HashMap<>();
    properties.stringPropertyNames().forEach(key -> out.put(key, properties.getProperty(key)));
    return out;
  }

  /** Builds the config from settings keyed by the variable names; no I/O. */
  static AgentConfig parse(Map<String, String> env) {
    return new AgentConfig(
        Path.of(env.getOrDefault(ENV_INSTANCES_FILE, DEFAULT_INSTANCES_FILE)),
        parseEndpoints(ENV_INGEST, env.getOrDefault(ENV_INGEST, DEFAULT_INGEST)),
        env.get(ENV_SHARED_SECRET),
        parseMode(env.getOrDefault(ENV_SIGNATURE, DEFAULT_SIGNATURE_MODE.name())),
        env.getOrDefault(ENV_OPS_HOST, DEFAULT_OPS_HOST),
        parseInt(env, ENV_OPS_PORT, DEFAULT_OPS_PORT),
        parseInt(env, ENV_MAX_LINE, DEFAULT_MAX_LINE_BYTES),
        parseInt(env, ENV_QUEUE, DEFAULT_EMIT_QUEUE_CAPACITY),
        Duration.ofMillis(parseInt(env, ENV_RECONNECT_MIN, (int) DEFAULT_RECONNECT_MIN.toMillis())),
        Duration.ofMillis(parseInt(env, ENV_RECONNECT_MAX, (int) DEFAULT_RECONNECT_MAX.toMillis())),
        parseInt(env, ENV_READER_THREADS, DEFAULT_READER_THREADS));
  }

  /** Parses {@code host:port[,host:port...]}; {@code key} names the setting in errors. */
  static List<InetSocketAddress> parseEndpoints(String key, String value) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String item = part.trim();
      int colon = item.lastIndexOf(':');
      require(colon > 0 && colon < item.length() - 1, key, "entries must be host:port", item);
      int port = parseInt(key, item.substring(colon + 1));
      require(port > 0 && port <= 65535, key, "port must be 1..65535", item);
      out.add(new InetSocketAddress(item.substring(0, colon), port));
    }
    return out;
  }

  private static SignatureMode parseMode(String value) {
    try {
      return SignatureMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          ENV_SIGNATURE + " must be HMAC, LEGACY or BOTH, got '" + value + "'", e);
    }
  }

  private static int parseInt(Map<String, String> env, String key, int fallback) {
    String value = env.get(key);
    return value == null ? fallback : parseInt(key, value);
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'", e);
    }
  }

  private static void require(boolean ok, String key, String rule, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(key + " " + rule + ", got '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return "AgentConfig[instancesFile=" + instancesFile + ", ingestEndpoints=" + ingestEndpoints
        + ", sharedSecret=****, signatureMode=" + signatureMode + ", ops=" + opsHost + ":" + opsPort
        + ", maxLineBytes=" + maxLineBytes + ", emitQueueCapacity=" + emitQueueCapacity
        + ", reconnect=" + reconnectMin + ".." + reconnectMax + ", readerThreads=" + readerThreads
        + "]";
  }
}
