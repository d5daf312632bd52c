package io.kloggregator.agent;

import io.kloggregator.ops.config.Setting;
import io.kloggregator.ops.config.SettingValues;
import io.kloggregator.ops.config.Settings;
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
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The agent's validated configuration. Built by {@link #of} (defaults for everything but the
 * instances file, the ingest endpoints and the secret) or {@link #fromEnv} (for
 * {@link AgentMain}) from the variables declared in {@link #SETTINGS}. Every bad value is refused
 * by the constructor as {@code VARIABLE=value: rule}. Immutable; {@link #toString} masks the
 * secret.
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

  static final String DEFAULT_INSTANCES_FILE = "/var/vcap/data/dea_next/db/instances.json";

  static final Setting<Path> CONFIG_FILE = Setting.path("KLOGGREGATOR_AGENT_CONFIG_FILE")
      .orElse(null, "unset")
      .doc("optional properties file with the same keys; the environment overrides it");
  static final Setting<Path> INSTANCES_FILE = Setting.path("KLOGGREGATOR_AGENT_INSTANCES_FILE")
      .orElse(Path.of(DEFAULT_INSTANCES_FILE))
      .doc("the DEA snapshot; its directory is watched");
  static final Setting<List<InetSocketAddress>> INGEST = Setting
      .of("KLOGGREGATOR_AGENT_INGEST", "comma-separated host:port", AgentConfig::parseEndpoints)
      .shown(AgentConfig::showEndpoints)
      .rule(AgentConfig::isResolvedEndpoints, "needs at least one host:port, each resolving")
      .orElse(parseEndpoints(DEFAULT_INGEST))
      .doc("UDP ingest endpoints (bridges); each app's lines go to one of them, chosen by a hash "
          + "of the app id, so an app's order is kept and apps spread over all");
  static final Setting<String> SHARED_SECRET = Setting.text("KLOGGREGATOR_SHARED_SECRET")
      .secret().rule(s -> !s.isBlank(), "must not be blank")
      .doc("the emitter protocol's shared secret");
  static final Setting<SignatureMode> SIGNATURE = Setting
      .oneOf("KLOGGREGATOR_AGENT_SIGNATURE", SignatureMode.class)
      .orElse(DEFAULT_SIGNATURE_MODE)
      .doc("`HMAC` (whole-message HMAC-SHA256), `LEGACY` (the original's AES signature of the "
          + "text) or `BOTH`");
  static final Setting<String> OPS_HOST = Setting.text("KLOGGREGATOR_AGENT_OPS_HOST")
      .rule(s -> !s.isBlank(), "must not be blank").orElse(DEFAULT_OPS_HOST)
      .doc("host of `/metrics` and `/health`");
  static final Setting<Integer> OPS_PORT = Setting.port("KLOGGREGATOR_AGENT_OPS_PORT")
      .orElse(DEFAULT_OPS_PORT).doc("port of `/metrics` and `/health`; 0 = any free port");
  static final Setting<Integer> MAX_LINE = Setting.integer("KLOGGREGATOR_AGENT_MAX_LINE_BYTES")
      .rule(n -> n >= 64 && n <= 16 * 1024 * 1024, "must be 64..16777216")
      .orElse(DEFAULT_MAX_LINE_BYTES).doc("longer lines are cut and marked `TRUNCATED`");
  static final Setting<Integer> QUEUE = Setting.integer("KLOGGREGATOR_AGENT_EMIT_QUEUE")
      .rule(n -> n >= 1 && n <= 1_000_000, "must be 1..1000000")
      .orElse(DEFAULT_EMIT_QUEUE_CAPACITY)
      .doc("envelopes waiting for UDP; when full the oldest is dropped and counted");
  static final Setting<Duration> RECONNECT_MIN = Setting
      .millis("KLOGGREGATOR_AGENT_RECONNECT_MIN_MS")
      .rule(d -> d.toMillis() > 0, "must be > 0").orElse(DEFAULT_RECONNECT_MIN)
      .doc("first reconnect delay after a socket error or end of stream");
  static final Setting<Duration> RECONNECT_MAX = Setting
      .millis("KLOGGREGATOR_AGENT_RECONNECT_MAX_MS")
      .rule(d -> d.toMillis() > 0, "must be > 0").orElse(DEFAULT_RECONNECT_MAX)
      .doc("cap of the doubling, jittered reconnect delay; at least the minimum");
  static final Setting<Integer> READER_THREADS = Setting
      .integer("KLOGGREGATOR_AGENT_READER_THREADS")
      .rule(n -> n >= 1 && n <= 64, "must be 1..64").orElse(DEFAULT_READER_THREADS)
      .doc("selector threads reading the app sockets");

  /** Every variable the agent reads, in README order. */
  public static final Settings SETTINGS = Settings.of(CONFIG_FILE, INSTANCES_FILE, INGEST,
      SHARED_SECRET, SIGNATURE, OPS_HOST, OPS_PORT, MAX_LINE, QUEUE, RECONNECT_MIN, RECONNECT_MAX,
      READER_THREADS);

  public AgentConfig {
    require(instancesFile != null, "instancesFile is required");
    INGEST.require(ingestEndpoints);
    ingestEndpoints = List.copyOf(ingestEndpoints);
    SHARED_SECRET.require(sharedSecret);
    SIGNATURE.require(signatureMode);
    OPS_HOST.require(opsHost);
    OPS_PORT.require(opsPort);
    MAX_LINE.require(maxLineBytes);
    QUEUE.require(emitQueueCapacity);
    RECONNECT_MIN.require(reconnectMin);
    RECONNECT_MAX.require(reconnectMax);
    RECONNECT_MAX.check(reconnectMax.compareTo(reconnectMin) >= 0, reconnectMax,
        "must be >= " + RECONNECT_MIN.name() + " (" + reconnectMin.toMillis() + ")");
    READER_THREADS.require(readerThreads);
  }

  /** Defaults for everything but the file to watch, where to send and the secret. */
  public static AgentConfig of(Path instancesFile, List<InetSocketAddress> ingestEndpoints,
      String sharedSecret) {
    return new AgentConfig(instancesFile, ingestEndpoints, sharedSecret, DEFAULT_SIGNATURE_MODE,
        DEFAULT_OPS_HOST, DEFAULT_OPS_PORT, DEFAULT_MAX_LINE_BYTES, DEFAULT_EMIT_QUEUE_CAPACITY,
        DEFAULT_RECONNECT_MIN, DEFAULT_RECONNECT_MAX, DEFAULT_READER_THREADS);
  }

  /**
   * Reads the {@link #SETTINGS} variables. When {@code KLOGGREGATOR_AGENT_CONFIG_FILE} names a
   * properties file, its entries (same keys) are the base and the environment overrides them.
   */
  public static AgentConfig fromEnv(Map<String, String> env) {
    Path file = Settings.of(CONFIG_FILE).bind(env).get(CONFIG_FILE);
    if (file == null) {
      return parse(env);
    }
    Map<String, String> merged = new HashMap<>(readFile(file));
    merged.putAll(env);
    return parse(merged);
  }

  /** Reads a properties file into a map; a missing or unreadable file is a startup error. */
  static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw CONFIG_FILE.refusal(file, "cannot be read (" + e + ")");
    }
    Map<String, String> out = new HashMap<>();
    properties.stringPropertyNames().forEach(key -> out.put(key, properties.getProperty(key)));
    return out;
  }

  /** Builds the config from settings keyed by the variable names; no I/O. */
  static AgentConfig parse(Map<String, String> env) {
    SettingValues v = SETTINGS.bind(env);
    return new AgentConfig(v.get(INSTANCES_FILE), v.get(INGEST), v.get(SHARED_SECRET),
        v.get(SIGNATURE), v.get(OPS_HOST), v.get(OPS_PORT), v.get(MAX_LINE), v.get(QUEUE),
        v.get(RECONNECT_MIN), v.get(RECONNECT_MAX), v.get(READER_THREADS));
  }

  /** Parses {@code host:port[,host:port...]}; fails with the rule, the caller adds the name. */
  static List<InetSocketAddress> parseEndpoints(String value) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String item = part.trim();
      int colon = item.lastIndexOf(':');
      require(colon > 0 && colon < item.length() - 1, "entries must be host:port, got " + item);
      int port;
      try {
        port = Integer.parseInt(item.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("entries must be host:port, got " + item, e);
      }
      require(port > 0 && port <= 65535, "ports must be 1..65535, got " + item);
      out.add(new InetSocketAddress(item.substring(0, colon), port));
    }
    return out;
  }

  private static boolean isResolvedEndpoints(List<InetSocketAddress> endpoints) {
    return !endpoints.isEmpty() && endpoints.stream()
        .allMatch(e -> !e.isUnresolved() && e.getPort() > 0);
  }

  private static String showEndpoints(List<InetSocketAddress> endpoints) {
    return endpoints.stream().map(e -> e.getHostString() + ":" + e.getPort())
        .collect(Collectors.joining(","));
  }

  private static void require(boolean ok, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(rule);
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
