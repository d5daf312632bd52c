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
import java.util.Objects;
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
 * @param ingestEndpoints where every envelope is sent (the bridges' ports of the transport); at
 *     least one, resolved; null picks the local bridge's default port of the transport
 * @param sharedSecret the emitter protocol's shared secret
 * @param signatureMode HMAC (default), LEGACY (the original's) or BOTH
 * @param opsHost host of the {@code /metrics} and {@code /health} endpoint
 * @param opsPort its port, 0 = any free port
 * @param maxLineBytes longer lines are cut and marked {@code TRUNCATED}
 * @param emitQueueCapacity encoded envelopes waiting to be sent; when full the oldest is dropped
 * @param reconnectMin first reconnect delay after a socket fails or ends (jittered)
 * @param reconnectMax cap of the doubling reconnect delay
 * @param readerThreads selector threads that read the app sockets
 * @param transport how lines go to the bridges; null picks {@code GRPC} when a TLS file of
 *     {@code grpc} is given, else {@code TCP}
 * @param grpc the batched transport's TLS files and batching (used with {@code GRPC})
 */
public record AgentConfig(Path instancesFile, List<InetSocketAddress> ingestEndpoints,
    String sharedSecret, SignatureMode signatureMode, String opsHost, int opsPort,
    int maxLineBytes, int emitQueueCapacity, Duration reconnectMin, Duration reconnectMax,
    int readerThreads, Transport transport, Grpc grpc) {

  /** How the agent sends its lines to the bridges. */
  public enum Transport {
    /** v2 envelope batches to the bridges' {@code loggregator.v2.Ingress}, mutual TLS. */
    GRPC,
    /**
     * Signed envelopes, length-prefixed, many per write on one TCP stream per bridge (the
     * bridges' {@code KLOGGREGATOR_BRIDGE_TCP_PORT}); no acknowledgement.
     */
    TCP,
    /** One signed envelope per datagram, the original emitter protocol. */
    UDP
  }

  /** Where {@code UDP} sends by default: the bridge's default UDP port on this host. */
  public static final String DEFAULT_UDP_INGEST = "127.0.0.1:3456";
  /** Where {@code TCP} sends by default: the bridge's default TCP port on this host. */
  public static final String DEFAULT_TCP_INGEST = "127.0.0.1:3457";
  public static final SignatureMode DEFAULT_SIGNATURE_MODE = SignatureMode.HMAC;
  public static final String DEFAULT_OPS_HOST = "127.0.0.1";
  public static final int DEFAULT_OPS_PORT = 0;
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
  public static final int DEFAULT_EMIT_QUEUE_CAPACITY = 16_384;
  public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(100);
  public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(5);
  public static final int DEFAULT_READER_THREADS = 2;
  /** Cloud Foundry's agents: a batch holds up to 100 envelopes ... */
  public static final int DEFAULT_GRPC_BATCH = 100;
  /** ... or is sent when its first one has waited 100 ms. */
  public static final Duration DEFAULT_GRPC_FLUSH = Duration.ofMillis(100);

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
      .orElse(null, "`" + DEFAULT_TCP_INGEST + "` with `TCP`, `" + DEFAULT_UDP_INGEST
          + "` with `UDP`; required with `GRPC`")
      .doc("ingest endpoints (bridges: their TCP ports with `TCP`, their UDP ports with `UDP`, "
          + "their gRPC ports with `GRPC`); each app's lines go to one of them, chosen by a hash "
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
      .doc("envelopes waiting to be sent (with `GRPC`: per endpoint); when full the oldest is "
          + "dropped and counted");
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

  static final Setting<Transport> TRANSPORT = Setting
      .oneOf("KLOGGREGATOR_AGENT_TRANSPORT", Transport.class)
      .orElse(null, "`GRPC` when a `KLOGGREGATOR_AGENT_GRPC_*` file is set, else `TCP`")
      .doc("`TCP` (signed envelopes, length-prefixed, up to 64 KiB per write on one stream per "
          + "bridge, to its `KLOGGREGATOR_BRIDGE_TCP_PORT`; no acknowledgement: a failed stream's "
          + "unsent lines are counted as dropped), `GRPC` (v2 envelope batches to the bridges' "
          + "`loggregator.v2.Ingress`, mutual TLS: the three files below are required; a batch "
          + "counts as sent once Kafka holds it, a failed one is sent again) or `UDP` (one "
          + "signed datagram per line, the original's protocol)");
  static final Setting<Path> GRPC_CERT = Setting.path("KLOGGREGATOR_AGENT_GRPC_CERT")
      .orElse(null, "unset").doc("gRPC: the agent's client certificate chain (PEM)");
  static final Setting<Path> GRPC_KEY = Setting.path("KLOGGREGATOR_AGENT_GRPC_KEY")
      .orElse(null, "unset").doc("gRPC: the agent's private key (PEM, PKCS#8)");
  static final Setting<Path> GRPC_CA = Setting.path("KLOGGREGATOR_AGENT_GRPC_CA")
      .orElse(null, "unset")
      .doc("gRPC: CA certificates (PEM) the bridges' server certificates must chain to");
  static final Setting<Integer> GRPC_BATCH = Setting.integer("KLOGGREGATOR_AGENT_GRPC_BATCH")
      .rule(n -> n >= 1 && n <= 100_000, "must be 1..100000").orElse(DEFAULT_GRPC_BATCH)
      .doc("gRPC: envelopes per batch at most (a batch also stops at 4 MiB)");
  static final Setting<Duration> GRPC_FLUSH = Setting.millis("KLOGGREGATOR_AGENT_GRPC_FLUSH_MS")
      .rule(d -> d.toMillis() >= 1 && d.toMillis() <= 60_000, "must be 1..60000")
      .orElse(DEFAULT_GRPC_FLUSH)
      .doc("gRPC: a batch that is not full is sent when its first envelope has waited this long");

  /** Every variable the agent reads, in README order. */
  public static final Settings SETTINGS = Settings.of(CONFIG_FILE, INSTANCES_FILE, INGEST,
      SHARED_SECRET, SIGNATURE, OPS_HOST, OPS_PORT, MAX_LINE, QUEUE, RECONNECT_MIN, RECONNECT_MAX,
      READER_THREADS, TRANSPORT, GRPC_CERT, GRPC_KEY, GRPC_CA, GRPC_BATCH, GRPC_FLUSH);

  /**
   * The batched transport's files and batching. The files are checked by {@link AgentConfig}
   * when the transport is {@code GRPC}.
   *
   * @param cert the agent's client certificate chain, PEM
   * @param key its private key, PEM
   * @param ca the CA certificates the bridges' certificates must chain to, PEM
   * @param batchSize envelopes per batch at most
   * @param flushInterval how long a batch that is not full may wait
   */
  public record Grpc(Path cert, Path key, Path ca, int batchSize, Duration flushInterval) {

    public Grpc {
      GRPC_BATCH.require(batchSize);
      GRPC_FLUSH.require(flushInterval);
    }

    /** No files, the default batching. */
    public static Grpc defaults() {
      return new Grpc(null, null, null, DEFAULT_GRPC_BATCH, DEFAULT_GRPC_FLUSH);
    }

    /** Mutual TLS with these PEM files and the default batching. */
    public static Grpc tls(Path cert, Path key, Path ca) {
      return new Grpc(cert, key, ca, DEFAULT_GRPC_BATCH, DEFAULT_GRPC_FLUSH);
    }

    /** These files with {@code size} envelopes per batch at most. */
    public Grpc withBatchSize(int size) {
      return new Grpc(cert, key, ca, size, flushInterval);
    }

    boolean hasAnyFile() {
      return cert != null || key != null || ca != null;
    }

    @Override
    public String toString() {
      return "Grpc[cert=" + cert + ", key=" + key + ", ca=" + ca + ", batch=" + batchSize + "/"
          + flushInterval.toMillis() + "ms]";
    }
  }

  public AgentConfig {
    require(instancesFile != null, "instancesFile is required");
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
    Objects.requireNonNull(grpc, "grpc");
    if (transport == null) {
      transport = grpc.hasAnyFile() ? Transport.GRPC : Transport.TCP;
    }
    if (ingestEndpoints == null && transport != Transport.GRPC) {
      ingestEndpoints = parseEndpoints(
          transport == Transport.TCP ? DEFAULT_TCP_INGEST : DEFAULT_UDP_INGEST);
    }
    INGEST.check(ingestEndpoints != null, null, "is required when " + TRANSPORT.name()
        + " is GRPC (the bridges' KLOGGREGATOR_BRIDGE_GRPC_PORT)");
    INGEST.require(ingestEndpoints);
    ingestEndpoints = List.copyOf(ingestEndpoints);
    if (transport == Transport.GRPC) {
      requireFile(GRPC_CERT, grpc.cert());
      requireFile(GRPC_KEY, grpc.key());
      requireFile(GRPC_CA, grpc.ca());
    }
  }

  private static void requireFile(Setting<Path> setting, Path path) {
    setting.check(path != null && !path.toString().isEmpty(), null,
        "is required when " + TRANSPORT.name() + " is GRPC (a PEM file; or set "
            + TRANSPORT.name() + "=TCP)");
    setting.check(Files.isReadable(path), path, "must be a readable file");
  }

  /**
   * Defaults for everything but the file to watch, where to send and the secret; sends over UDP
   * ({@link #withTransport} for TCP, {@link #withGrpc} for gRPC).
   */
  public static AgentConfig of(Path instancesFile, List<InetSocketAddress> ingestEndpoints,
      String sharedSecret) {
    return new AgentConfig(instancesFile, ingestEndpoints, sharedSecret, DEFAULT_SIGNATURE_MODE,
        DEFAULT_OPS_HOST, DEFAULT_OPS_PORT, DEFAULT_MAX_LINE_BYTES, DEFAULT_EMIT_QUEUE_CAPACITY,
        DEFAULT_RECONNECT_MIN, DEFAULT_RECONNECT_MAX, DEFAULT_READER_THREADS, Transport.UDP,
        Grpc.defaults());
  }

  /** This config sending over {@code newTransport} (not {@code GRPC}: {@link #withGrpc}). */
  public AgentConfig withTransport(Transport newTransport) {
    return new AgentConfig(instancesFile, ingestEndpoints, sharedSecret, signatureMode, opsHost,
        opsPort, maxLineBytes, emitQueueCapacity, reconnectMin, reconnectMax, readerThreads,
        newTransport, grpc);
  }

  /** This config sending over gRPC with {@code newGrpc}'s files and batching. */
  public AgentConfig withGrpc(Grpc newGrpc) {
    return new AgentConfig(instancesFile, ingestEndpoints, sharedSecret, signatureMode, opsHost,
        opsPort, maxLineBytes, emitQueueCapacity, reconnectMin, reconnectMax, readerThreads,
        Transport.GRPC, newGrpc);
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
        v.get(RECONNECT_MIN), v.get(RECONNECT_MAX), v.get(READER_THREADS), v.get(TRANSPORT),
        new Grpc(v.get(GRPC_CERT), v.get(GRPC_KEY), v.get(GRPC_CA), v.get(GRPC_BATCH),
            v.get(GRPC_FLUSH)));
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
        + ", transport=" + transport + (transport == Transport.GRPC ? ", " + grpc : "") + "]";
  }
}
