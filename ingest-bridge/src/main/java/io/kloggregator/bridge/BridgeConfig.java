package io.kloggregator.bridge;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ingest bridge's whole configuration, validated once: a bad value throws
 * {@link IllegalArgumentException} naming the setting (and its environment variable), the rule and
 * the value given. {@link #toString} masks the shared secret. Immutable.
 *
 * @param bootstrapServers Kafka {@code host:port[,host:port]}
 * @param sharedSecret the emitter protocol's shared secret
 * @param acceptLegacy whether envelopes carrying only the original's AES signature are accepted
 * @param listeners where the bridge listens
 * @param limits buffering, rate limit and health bounds
 * @param producer extra Kafka producer settings (real Kafka keys), applied over the defaults
 */
public record BridgeConfig(String bootstrapServers, String sharedSecret, boolean acceptLegacy,
    Listeners listeners, Limits limits, Map<String, String> producer) {

  /** The original loggregator server's UDP port ({@code IncomingPort}). */
  public static final int DEFAULT_UDP_PORT = 3456;
  /** Port of {@code /metrics} and {@code /health}. */
  public static final int DEFAULT_OPS_PORT = 9456;
  /** Requested SO_RCVBUF; the kernel caps it at {@code net.core.rmem_max}. */
  public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
  public static final long DEFAULT_BUFFER_BYTES = 64L * 1024 * 1024;
  public static final Duration DEFAULT_UNHEALTHY_AFTER = Duration.ofSeconds(30);

  /** Producer keys the bridge owns: they define its delivery guarantees. */
  static final Set<String> FIXED_PRODUCER_KEYS = Set.of("bootstrap.servers", "acks",
      "enable.idempotence", "key.serializer", "value.serializer", "transactional.id", "retries",
      "delivery.timeout.ms", "max.in.flight.requests.per.connection");

  /**
   * Sockets the bridge binds.
   *
   * @param host address of every listener ({@code 0.0.0.0} for all interfaces)
   * @param udpPort emitter protocol over UDP; 0 = any free port
   * @param tcpPort length-prefixed envelopes over TCP; 0 = any free port, -1 = off
   * @param opsPort {@code /metrics} and {@code /health}; 0 = any free port
   * @param receiveBufferBytes requested UDP SO_RCVBUF
   */
  public record Listeners(String host, int udpPort, int tcpPort, int opsPort,
      int receiveBufferBytes) {

    public Listeners {
      require(host != null && !host.isBlank(), "host", "KLOGGREGATOR_BRIDGE_UDP_HOST",
          "must not be blank", host);
      requirePort(udpPort, 0, "udpPort", "KLOGGREGATOR_BRIDGE_UDP_PORT");
      requirePort(tcpPort, -1, "tcpPort", "KLOGGREGATOR_BRIDGE_TCP_PORT");
      requirePort(opsPort, 0, "opsPort", "KLOGGREGATOR_BRIDGE_OPS_PORT");
      require(receiveBufferBytes >= 65536, "receiveBufferBytes",
          "KLOGGREGATOR_BRIDGE_UDP_RCVBUF_BYTES", "must be >= 65536", receiveBufferBytes);
    }

    /** Loopback with the given UDP port, any free ops port, no TCP. */
    public static Listeners loopback(int udpPort) {
      return new Listeners("127.0.0.1", udpPort, -1, 0, DEFAULT_RECEIVE_BUFFER_BYTES);
    }

    public Listeners withTcpPort(int port) {
      return new Listeners(host, udpPort, port, opsPort, receiveBufferBytes);
    }

    public boolean hasTcp() {
      return tcpPort >= 0;
    }
  }

  /**
   * Bounds of the data path.
   *
   * @param bufferBytes lines waiting for Kafka beyond what the producer holds; over it, the
   *     oldest lines of the app holding the most are dropped
   * @param appLinesPerSecond per-app rate limit (burst of one second); 0 = off
   * @param unhealthyAfter {@code /health} turns 503 when Kafka has not acknowledged pending
   *     records for this long
   */
  public record Limits(long bufferBytes, int appLinesPerSecond, Duration unhealthyAfter) {

    public Limits {
      require(bufferBytes >= 65536, "bufferBytes", "KLOGGREGATOR_BRIDGE_BUFFER_BYTES",
          "must be >= 65536", bufferBytes);
      require(appLinesPerSecond >= 0, "appLinesPerSecond",
          "KLOGGREGATOR_BRIDGE_APP_LINES_PER_SECOND", "must be >= 0 (0 = off)",
          appLinesPerSecond);
      require(unhealthyAfter != null && !unhealthyAfter.isNegative() && !unhealthyAfter.isZero(),
          "unhealthyAfter", "KLOGGREGATOR_BRIDGE_UNHEALTHY_AFTER_SECONDS", "must be > 0",
          unhealthyAfter);
    }

    public static Limits defaults() {
      return new Limits(DEFAULT_BUFFER_BYTES, 0, DEFAULT_UNHEALTHY_AFTER);
    }
  }

  public BridgeConfig {
    require(bootstrapServers != null && !bootstrapServers.isBlank(), "bootstrapServers",
        "KLOGGREGATOR_KAFKA_BOOTSTRAP", "must not be blank", bootstrapServers);
    require(sharedSecret != null && !sharedSecret.isBlank(), "sharedSecret",
        "KLOGGREGATOR_SHARED_SECRET", "must not be blank", "(blank)");
    require(listeners != null, "listeners", "-", "must be set", null);
    require(limits != null, "limits", "-", "must be set", null);
    producer = Map.copyOf(producer == null ? Map.of() : producer);
    for (String key : producer.keySet()) {
      require(!FIXED_PRODUCER_KEYS.contains(key), "producer." + key,
          "KLOGGREGATOR_BRIDGE_PRODUCER_" + key.toUpperCase(Locale.ROOT).replace('.', '_'),
          "is fixed by the bridge (acks=all, idempotent) and cannot be overridden",
          producer.get(key));
    }
  }

  /** Loopback listeners on {@code udpPort} (0 = any), legacy signatures accepted, defaults. */
  public static BridgeConfig of(String bootstrapServers, String sharedSecret, int udpPort) {
    return new BridgeConfig(bootstrapServers, sharedSecret, true, Listeners.loopback(udpPort),
        Limits.defaults(), Map.of());
  }

  public BridgeConfig withListeners(Listeners newListeners) {
    return new BridgeConfig(bootstrapServers, sharedSecret, acceptLegacy, newListeners, limits,
        producer);
  }

  public BridgeConfig withLimits(Limits newLimits) {
    return new BridgeConfig(bootstrapServers, sharedSecret, acceptLegacy, listeners, newLimits,
        producer);
  }

  public BridgeConfig withAcceptLegacy(boolean accept) {
    return new BridgeConfig(bootstrapServers, sharedSecret, accept, listeners, limits, producer);
  }

  public BridgeConfig withProducer(Map<String, String> overrides) {
    return new BridgeConfig(bootstrapServers, sharedSecret, acceptLegacy, listeners, limits,
        overrides);
  }

  /** Reads the configuration from environment variables (see ingest-bridge/README.md). */
  public static BridgeConfig fromEnv(Map<String, String> env) {
    return new EnvConfigReader(env).read();
  }

  @Override
  public String toString() {
    return "BridgeConfig[bootstrapServers=" + bootstrapServers + ", sharedSecret=****"
        + ", acceptLegacy=" + acceptLegacy + ", " + listeners + ", " + limits + ", producer="
        + new TreeMap<>(producer) + "]";
  }

  private static void requirePort(int port, int min, String name, String env) {
    require(port >= min && port <= 65535, name, env,
        "must be in " + min + "..65535", port);
  }

  static void require(boolean ok, String name, String env, String rule, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(name + " (" + env + ") " + rule + ", was " + value);
    }
  }
}
