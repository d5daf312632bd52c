package io.kloggregator.bridge;

import io.kloggregator.ops.config.ConfigException;
import io.kloggregator.ops.config.Setting;
import io.kloggregator.ops.config.SettingValues;
import io.kloggregator.ops.config.Settings;
import io.kloggregator.ops.net.IpNetwork;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ingest bridge's whole configuration, validated once: a bad value throws
 * {@link ConfigException} {@code VARIABLE=value: rule}, naming the variable of {@link #SETTINGS}
 * that sets it. {@link #toString} masks the shared secret. Immutable.
 *
 * @param bootstrapServers Kafka {@code host:port[,host:port]}
 * @param sharedSecret the emitter protocol's shared secret
 * @param legacy whether, and from where, envelopes carrying only the original's AES signature are
 *     accepted
 * @param listeners where the bridge listens
 * @param limits buffering, rate limit and health bounds
 * @param producer extra Kafka producer settings (real Kafka keys), applied over the defaults
 * @param grpc the v2 gRPC ingress ({@code loggregator.v2.Ingress} over mutual TLS), or off
 */
public record BridgeConfig(String bootstrapServers, String sharedSecret, Legacy legacy,
    Listeners listeners, Limits limits, Map<String, String> producer, Grpc grpc) {

  /** The original loggregator server's UDP port ({@code IncomingPort}). */
  public static final int DEFAULT_UDP_PORT = 3456;
  public static final int DEFAULT_TCP_PORT = 3457;
  /** Port of {@code /metrics} and {@code /health}. */
  public static final int DEFAULT_OPS_PORT = 9456;
  /** Requested SO_RCVBUF; the kernel caps it at {@code net.core.rmem_max}. */
  public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
  public static final long DEFAULT_BUFFER_BYTES = 64L * 1024 * 1024;
  public static final Duration DEFAULT_UNHEALTHY_AFTER = Duration.ofSeconds(30);
  /** Receive threads of the epoll transport, one SO_REUSEPORT socket each. */
  public static final int DEFAULT_UDP_THREADS = 2;
  /** More receive threads than this only add sockets contending for the same cores. */
  public static final int MAX_UDP_THREADS = 64;

  /** Producer keys the bridge owns: they define its delivery guarantees. */
  static final Set<String> FIXED_PRODUCER_KEYS = Set.of("bootstrap.servers", "acks",
      "enable.idempotence", "key.serializer", "value.serializer", "transactional.id", "retries",
      "delivery.timeout.ms", "max.in.flight.requests.per.connection");

  static final Setting<String> BOOTSTRAP = Setting.text("KLOGGREGATOR_KAFKA_BOOTSTRAP")
      .rule(s -> !s.isBlank(), "must not be blank")
      .doc("Kafka bootstrap servers, `host:port[,host:port]`");
  static final Setting<String> SHARED_SECRET = Setting.text("KLOGGREGATOR_SHARED_SECRET")
      .secret().rule(s -> !s.isBlank(), "must not be blank")
      .doc("emitter protocol shared secret");
  static final Setting<String> HOST = Setting.text("KLOGGREGATOR_BRIDGE_UDP_HOST")
      .rule(s -> !s.isBlank(), "must not be blank").orElse("0.0.0.0")
      .doc("address of every listener (UDP, TCP, ops)");
  static final Setting<Integer> UDP_PORT = Setting.port("KLOGGREGATOR_BRIDGE_UDP_PORT")
      .orElse(DEFAULT_UDP_PORT).doc("UDP port (the original's `IncomingPort`); 0 = any");
  static final Setting<Integer> RECEIVE_BUFFER = Setting
      .integer("KLOGGREGATOR_BRIDGE_UDP_RCVBUF_BYTES")
      .rule(n -> n >= 65536, "must be >= 65536").orElse(DEFAULT_RECEIVE_BUFFER_BYTES)
      .doc("requested SO_RCVBUF of each UDP socket (capped by `net.core.rmem_max`; a warning "
          + "says so)");
  static final Setting<UdpTransport> UDP_TRANSPORT = Setting
      .oneOf("KLOGGREGATOR_BRIDGE_UDP_TRANSPORT", UdpTransport.class).orElse(UdpTransport.NIO)
      .doc("UDP receive path: `NIO` (one thread, one socket: arrival order across all senders, "
          + "and faster in `bench/results/ingest-udp-transports.md`), `EPOLL` (Netty's native "
          + "transport: `recvmmsg` batches on `UDP_THREADS` SO_REUSEPORT sockets; order kept "
          + "per sender socket only), `AUTO` (epoll where its native library loads, else NIO "
          + "with one INFO line saying why)");
  static final Setting<Integer> UDP_THREADS = Setting.integer("KLOGGREGATOR_BRIDGE_UDP_THREADS")
      .rule(n -> n >= 1 && n <= MAX_UDP_THREADS, "must be 1.." + MAX_UDP_THREADS)
      .orElse(DEFAULT_UDP_THREADS)
      .doc("UDP receive threads of the epoll transport, each with its own socket on the port "
          + "(the kernel keeps each sender socket on one); NIO always uses one");
  static final Setting<Integer> TCP_PORT = Setting.port("KLOGGREGATOR_BRIDGE_TCP_PORT")
      .rule(p -> p >= -1 && p <= 65535, "must be a port 0..65535 or -1 (off)")
      .orElse(DEFAULT_TCP_PORT)
      .doc("TCP listener for length-prefixed envelopes (the agent's default transport); 0 = "
          + "any, -1 = off");
  static final Setting<Integer> OPS_PORT = Setting.port("KLOGGREGATOR_BRIDGE_OPS_PORT")
      .orElse(DEFAULT_OPS_PORT).doc("`/metrics` (Prometheus) and `/health`; 0 = any");
  static final Setting<Boolean> ACCEPT_LEGACY = Setting.bool("KLOGGREGATOR_BRIDGE_ACCEPT_LEGACY")
      .orElse(true).doc("accept envelopes that carry only the original's AES signature, from "
          + "`LEGACY_SOURCES` only; `false` refuses them from everywhere "
          + "(`reason=legacy_refused`)");
  static final Setting<List<IpNetwork>> LEGACY_SOURCES = Setting
      .networks("KLOGGREGATOR_BRIDGE_LEGACY_SOURCES")
      .orElse(Legacy.DEFAULT_SOURCES)
      .doc("networks (IPv4 and IPv6 CIDRs, e.g. the DEA hosts') whose legacy-signed envelopes are "
          + "accepted; from elsewhere they are refused (`reason=legacy_source_refused`); set but "
          + "empty: from nowhere. HMAC-signed envelopes are accepted from anywhere");
  static final Setting<Long> BUFFER_BYTES = Setting.longInteger("KLOGGREGATOR_BRIDGE_BUFFER_BYTES")
      .rule(n -> n >= 65536, "must be >= 65536").orElse(DEFAULT_BUFFER_BYTES)
      .doc("in-memory buffer for lines Kafka has not taken yet");
  static final Setting<Integer> APP_LINES_PER_SECOND = Setting
      .integer("KLOGGREGATOR_BRIDGE_APP_LINES_PER_SECOND")
      .rule(n -> n >= 0, "must be >= 0").orElse(0, "`0` (off)")
      .doc("per-app rate limit, one second of burst");
  static final Setting<Duration> UNHEALTHY_AFTER = Setting
      .seconds("KLOGGREGATOR_BRIDGE_UNHEALTHY_AFTER_SECONDS")
      .rule(d -> d.toMillis() > 0, "must be > 0").orElse(DEFAULT_UNHEALTHY_AFTER)
      .doc("`/health` answers 503 when records have waited this long for Kafka, or Kafka has "
          + "not answered a probe for this long");
  static final Setting<Integer> GRPC_PORT = Setting.port("KLOGGREGATOR_BRIDGE_GRPC_PORT")
      .rule(p -> p >= -1 && p <= 65535, "must be a port 0..65535 or -1 (off)")
      .orElse(-1, "`-1` (off)")
      .doc("v2 gRPC ingress (`loggregator.v2.Ingress`, mutual TLS: the three files below are "
          + "required); 0 = any");
  static final Setting<Path> GRPC_CERT = Setting.path("KLOGGREGATOR_BRIDGE_GRPC_CERT")
      .orElse(null, "unset").doc("gRPC: the server's certificate chain (PEM)");
  static final Setting<Path> GRPC_KEY = Setting.path("KLOGGREGATOR_BRIDGE_GRPC_KEY")
      .orElse(null, "unset").doc("gRPC: the server's private key (PEM, PKCS#8)");
  static final Setting<Path> GRPC_CA = Setting.path("KLOGGREGATOR_BRIDGE_GRPC_CA")
      .orElse(null, "unset")
      .doc("gRPC: CA certificates (PEM) a sender's client certificate must chain to");
  static final Setting<Map<String, String>> PRODUCER = Setting
      .prefix("KLOGGREGATOR_BRIDGE_PRODUCER_")
      .doc("any Kafka producer setting, key upper-cased with dots as underscores: "
          + "`KLOGGREGATOR_BRIDGE_PRODUCER_LINGER_MS=20` sets `linger.ms=20` (defaults and "
          + "fixed keys below)");

  /** Every variable the bridge reads, in README order. */
  public static final Settings SETTINGS = Settings.of(BOOTSTRAP, SHARED_SECRET, HOST, UDP_PORT,
      RECEIVE_BUFFER, UDP_TRANSPORT, UDP_THREADS, TCP_PORT, OPS_PORT, ACCEPT_LEGACY,
      LEGACY_SOURCES, BUFFER_BYTES, APP_LINES_PER_SECOND, UNHEALTHY_AFTER, PRODUCER, GRPC_PORT,
      GRPC_CERT, GRPC_KEY, GRPC_CA);

  /** How UDP datagrams are read. Names are the values of {@link #UDP_TRANSPORT}. */
  public enum UdpTransport {
    /** Epoll where Netty's native library loads, else NIO. */
    AUTO,
    /** Netty's native epoll transport: recvmmsg, several SO_REUSEPORT sockets. */
    EPOLL,
    /** One blocking {@code DatagramChannel} on one thread. */
    NIO
  }

  /**
   * The UDP receive path.
   *
   * @param transport which receiver reads the datagrams
   * @param threads receive threads (and sockets) of the epoll transport; NIO uses one
   */
  public record UdpReceive(UdpTransport transport, int threads) {

    public UdpReceive {
      UDP_TRANSPORT.require(transport);
      UDP_THREADS.require(threads);
    }

    /** {@code NIO}; {@link #DEFAULT_UDP_THREADS} should epoll be chosen. */
    public static UdpReceive defaults() {
      return new UdpReceive(UdpTransport.NIO, DEFAULT_UDP_THREADS);
    }
  }

  /**
   * Sockets the bridge binds.
   *
   * @param host address of every listener ({@code 0.0.0.0} for all interfaces)
   * @param udpPort emitter protocol over UDP; 0 = any free port
   * @param tcpPort length-prefixed envelopes over TCP; 0 = any free port, -1 = off
   * @param opsPort {@code /metrics} and {@code /health}; 0 = any free port
   * @param receiveBufferBytes requested SO_RCVBUF of each UDP socket
   * @param udpReceive the UDP transport and its threads
   */
  public record Listeners(String host, int udpPort, int tcpPort, int opsPort,
      int receiveBufferBytes, UdpReceive udpReceive) {

    public Listeners {
      HOST.require(host);
      UDP_PORT.require(udpPort);
      TCP_PORT.require(tcpPort);
      OPS_PORT.require(opsPort);
      RECEIVE_BUFFER.require(receiveBufferBytes);
      Objects.requireNonNull(udpReceive, "udpReceive");
    }

    /** With the {@link UdpReceive#defaults() default} UDP transport. */
    public Listeners(String host, int udpPort, int tcpPort, int opsPort,
        int receiveBufferBytes) {
      this(host, udpPort, tcpPort, opsPort, receiveBufferBytes, UdpReceive.defaults());
    }

    /** Loopback with the given UDP port, any free ops port, no TCP. */
    public static Listeners loopback(int udpPort) {
      return new Listeners("127.0.0.1", udpPort, -1, 0, DEFAULT_RECEIVE_BUFFER_BYTES);
    }

    public Listeners withTcpPort(int port) {
      return new Listeners(host, udpPort, port, opsPort, receiveBufferBytes, udpReceive);
    }

    public Listeners withUdpReceive(UdpReceive receive) {
      return new Listeners(host, udpPort, tcpPort, opsPort, receiveBufferBytes, receive);
    }

    public boolean hasTcp() {
      return tcpPort >= 0;
    }
  }

  /**
   * Where legacy-signed envelopes are accepted. The original's signature covers only the message
   * text, with no timestamp or nonce: a captured datagram verifies forever and can be re-addressed
   * to another app, so it is accepted only from the networks of the hosts that still send it.
   *
   * @param accept false refuses legacy-signed envelopes from everywhere
   * @param sources the networks whose legacy-signed envelopes are accepted (when {@code accept});
   *     empty accepts none
   */
  public record Legacy(boolean accept, List<IpNetwork> sources) {

    /** Loopback only: the DEA hosts' networks must be listed explicitly. */
    public static final List<IpNetwork> DEFAULT_SOURCES = List.of(IpNetwork.parse("127.0.0.0/8"),
        IpNetwork.parse("::1/128"));

    public Legacy {
      sources = List.copyOf(LEGACY_SOURCES.require(sources));
    }

    /** Accepted from the loopback networks only. */
    public static Legacy loopback() {
      return new Legacy(true, DEFAULT_SOURCES);
    }

    /** Whether a legacy-signed envelope from {@code source} may be accepted. */
    public boolean allows(InetAddress source) {
      if (!accept) {
        return false;
      }
      for (IpNetwork network : sources) {
        if (network.contains(source)) {
          return true;
        }
      }
      return false;
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
      BUFFER_BYTES.require(bufferBytes);
      APP_LINES_PER_SECOND.require(appLinesPerSecond);
      UNHEALTHY_AFTER.require(unhealthyAfter);
    }

    public static Limits defaults() {
      return new Limits(DEFAULT_BUFFER_BYTES, 0, DEFAULT_UNHEALTHY_AFTER);
    }
  }

  /**
   * The v2 gRPC ingress. Every sender presents a client certificate that chains to {@code ca};
   * there is no plaintext form.
   *
   * @param port the listener's port (on the listeners' host); 0 = any free port, -1 = off
   * @param cert the server's certificate chain, PEM
   * @param key the server's private key, PEM
   * @param ca the CA certificates client certificates must chain to, PEM
   */
  public record Grpc(int port, Path cert, Path key, Path ca) {

    public static final Grpc OFF = new Grpc(-1, null, null, null);

    public Grpc {
      GRPC_PORT.require(port);
      if (port >= 0) {
        for (Map.Entry<Setting<Path>, Path> file
            : Map.of(GRPC_CERT, nonNull(cert), GRPC_KEY, nonNull(key), GRPC_CA, nonNull(ca))
            .entrySet()) {
          Path path = file.getValue();
          file.getKey().check(!path.toString().isEmpty(), null,
              "is required when " + GRPC_PORT.name() + " is set");
          file.getKey().check(Files.isReadable(path), path, "must be a readable file");
        }
      }
    }

    /** Mutual TLS on {@code port} with these PEM files. */
    public static Grpc on(int port, Path cert, Path key, Path ca) {
      return new Grpc(port, cert, key, ca);
    }

    public boolean enabled() {
      return port >= 0;
    }

    private static Path nonNull(Path path) {
      return path == null ? Path.of("") : path;
    }
  }

  public BridgeConfig {
    BOOTSTRAP.require(bootstrapServers);
    Objects.requireNonNull(grpc, "grpc");
    SHARED_SECRET.require(sharedSecret);
    Objects.requireNonNull(listeners, "listeners");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(legacy, "legacy");
    producer = Map.copyOf(producer == null ? Map.of() : producer);
    for (String key : new TreeSet<>(producer.keySet())) {
      if (FIXED_PRODUCER_KEYS.contains(key)) {
        throw new ConfigException(List.of(PRODUCER.name()
            + key.toUpperCase(Locale.ROOT).replace('.', '_') + "=" + producer.get(key)
            + ": is fixed by the bridge (acks=all, idempotent) and cannot be overridden"));
      }
    }
    ProducerSettings.check(producer);
  }

  /**
   * Loopback listeners on {@code udpPort} (0 = any), legacy signatures accepted from loopback,
   * defaults.
   */
  public static BridgeConfig of(String bootstrapServers, String sharedSecret, int udpPort) {
    return new BridgeConfig(bootstrapServers, sharedSecret, Legacy.loopback(),
        Listeners.loopback(udpPort),
        Limits.defaults(), Map.of(), Grpc.OFF);
  }

  public BridgeConfig withListeners(Listeners newListeners) {
    return new BridgeConfig(bootstrapServers, sharedSecret, legacy, newListeners, limits,
        producer, grpc);
  }

  public BridgeConfig withLimits(Limits newLimits) {
    return new BridgeConfig(bootstrapServers, sharedSecret, legacy, listeners, newLimits,
        producer, grpc);
  }

  /** Legacy signatures accepted (from the same sources) or refused from everywhere. */
  public BridgeConfig withAcceptLegacy(boolean accept) {
    return withLegacy(new Legacy(accept, legacy.sources()));
  }

  public BridgeConfig withLegacy(Legacy newLegacy) {
    return new BridgeConfig(bootstrapServers, sharedSecret, newLegacy, listeners, limits,
        producer, grpc);
  }

  public BridgeConfig withProducer(Map<String, String> overrides) {
    return new BridgeConfig(bootstrapServers, sharedSecret, legacy, listeners, limits,
        overrides, grpc);
  }

  public BridgeConfig withGrpc(Grpc newGrpc) {
    return new BridgeConfig(bootstrapServers, sharedSecret, legacy, listeners, limits,
        producer, newGrpc);
  }

  /** Reads the {@link #SETTINGS} variables (see ingest-bridge/README.md); no I/O. */
  public static BridgeConfig fromEnv(Map<String, String> env) {
    SettingValues v = SETTINGS.bind(env);
    Listeners listeners = new Listeners(v.get(HOST), v.get(UDP_PORT), v.get(TCP_PORT),
        v.get(OPS_PORT), v.get(RECEIVE_BUFFER),
        new UdpReceive(v.get(UDP_TRANSPORT), v.get(UDP_THREADS)));
    Limits limits = new Limits(v.get(BUFFER_BYTES), v.get(APP_LINES_PER_SECOND),
        v.get(UNHEALTHY_AFTER));
    Grpc grpc = new Grpc(v.get(GRPC_PORT), v.get(GRPC_CERT), v.get(GRPC_KEY), v.get(GRPC_CA));
    Legacy legacy = new Legacy(v.get(ACCEPT_LEGACY), v.get(LEGACY_SOURCES));
    return new BridgeConfig(v.get(BOOTSTRAP), v.get(SHARED_SECRET), legacy, listeners, limits,
        v.get(PRODUCER), grpc);
  }

  @Override
  public String toString() {
    return "BridgeConfig[bootstrapServers=" + bootstrapServers + ", sharedSecret=****"
        + ", " + legacy + ", " + listeners + ", " + limits + ", producer="
        + new TreeMap<>(producer) + ", " + grpc + "]";
  }
}
