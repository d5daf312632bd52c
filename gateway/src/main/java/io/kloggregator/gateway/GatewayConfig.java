package io.kloggregator.gateway;

import io.kloggregator.ops.config.Setting;
import io.kloggregator.ops.config.SettingValues;
import io.kloggregator.ops.config.Settings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's validated configuration. {@link #of} gives the defaults for everything but the
 * four required settings; {@link #fromEnv} reads the variables declared in {@link #SETTINGS}
 * (the table of {@code gateway/README.md}). The compact constructor rejects a bad value as
 * {@code VARIABLE=value: rule}.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code host:port,...})
 * @param routerUrls base URLs of streams router instances ({@code http://host:port}), tried in turn
 * @param httpHost address the HTTP/WebSocket server binds
 * @param httpPort port of the HTTP/WebSocket server; 0 = any free port
 * @param jwtSecret HS256 key for bearer tokens, at least 32 bytes
 * @param socketQueueLimit lines buffered per socket beyond Vert.x's write queue before dropping
 * @param hopelessLossFrames loss frames after which a socket that never catches up is closed
 * @param pingInterval how often sockets are pinged; a socket silent for 3 intervals is closed
 * @param routerTimeout how long a recent-lines query to the router may take
 * @param maxRecent the largest {@code n} a client may ask for
 * @param rlpHeartbeat how long an RLP event stream may stay silent before a heartbeat event
 * @param rlpStreamTimeout how long an RLP event stream lasts before its closing event
 */
public record GatewayConfig(String bootstrapServers, List<String> routerUrls, String httpHost,
    int httpPort, String jwtSecret, int socketQueueLimit, int hopelessLossFrames,
    Duration pingInterval, Duration routerTimeout, int maxRecent, Duration rlpHeartbeat,
    Duration rlpStreamTimeout) {

  public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_SOCKET_QUEUE_LIMIT = 1000;
  public static final int DEFAULT_HOPELESS_LOSS_FRAMES = 10;
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);
  public static final Duration DEFAULT_ROUTER_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_RECENT = 1000;
  /** The RLP gateway's heartbeat and stream timeout. */
  public static final Duration DEFAULT_RLP_HEARTBEAT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_RLP_STREAM_TIMEOUT = Duration.ofMinutes(14);
  static final int MIN_SECRET_BYTES = 32;

  static final Setting<String> BOOTSTRAP = Setting.text("KLOGGREGATOR_KAFKA_BOOTSTRAP")
      .rule(s -> !s.isBlank(), "must not be blank").doc("Kafka bootstrap servers");
  static final Setting<List<String>> ROUTERS = Setting.list("KLOGGREGATOR_GATEWAY_ROUTERS")
      .rule(GatewayConfig::isRouterUrls, "needs at least one router URL, each http://host:port")
      .doc("streams router URLs, tried in turn");
  static final Setting<String> JWT_SECRET = Setting.text("KLOGGREGATOR_GATEWAY_JWT_SECRET")
      .secret()
      .rule(s -> s.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES,
          "must be at least " + MIN_SECRET_BYTES + " bytes for HS256")
      .doc("HS256 key of the bearer tokens");
  static final Setting<String> HOST = Setting.text("KLOGGREGATOR_GATEWAY_HOST")
      .rule(s -> !s.isBlank(), "must not be blank").orElse(DEFAULT_HTTP_HOST)
      .doc("bind address");
  static final Setting<Integer> PORT = Setting.port("KLOGGREGATOR_GATEWAY_PORT")
      .orElse(DEFAULT_HTTP_PORT).doc("HTTP/WebSocket port; 0 = any free port");
  static final Setting<Integer> SOCKET_QUEUE = Setting.integer("KLOGGREGATOR_GATEWAY_SOCKET_QUEUE")
      .rule(n -> n >= 1, "must be >= 1").orElse(DEFAULT_SOCKET_QUEUE_LIMIT)
      .doc("lines queued per socket beyond Vert.x's write queue before drop-oldest");
  static final Setting<Integer> HOPELESS_LOSS_FRAMES = Setting
      .integer("KLOGGREGATOR_GATEWAY_HOPELESS_LOSS_FRAMES")
      .rule(n -> n >= 1, "must be >= 1").orElse(DEFAULT_HOPELESS_LOSS_FRAMES)
      .doc("loss frames after which a slow socket is closed with 4002");
  static final Setting<Duration> PING = Setting.millis("KLOGGREGATOR_GATEWAY_PING_MS")
      .rule(d -> d.toMillis() >= 10, "must be >= 10").orElse(DEFAULT_PING_INTERVAL)
      .doc("ping interval; a socket silent for 3 intervals is closed");
  static final Setting<Duration> ROUTER_TIMEOUT = Setting
      .millis("KLOGGREGATOR_GATEWAY_ROUTER_TIMEOUT_MS")
      .rule(d -> d.toMillis() >= 1, "must be >= 1").orElse(DEFAULT_ROUTER_TIMEOUT)
      .doc("timeout of a recent-lines query to the router");
  static final Setting<Integer> MAX_RECENT = Setting.integer("KLOGGREGATOR_GATEWAY_MAX_RECENT")
      .rule(n -> n >= 1, "must be >= 1").orElse(DEFAULT_MAX_RECENT)
      .doc("largest `n`/`recent`; default `n` of dump and `/recent`");

  static final Setting<Duration> RLP_HEARTBEAT = Setting
      .millis("KLOGGREGATOR_GATEWAY_RLP_HEARTBEAT_MS")
      .rule(d -> d.toMillis() >= 10, "must be >= 10").orElse(DEFAULT_RLP_HEARTBEAT)
      .doc("`/v2/read`: heartbeat event after an interval this long without data");
  static final Setting<Duration> RLP_STREAM_TIMEOUT = Setting
      .millis("KLOGGREGATOR_GATEWAY_RLP_STREAM_TIMEOUT_MS")
      .rule(d -> d.toMillis() >= 10, "must be >= 10").orElse(DEFAULT_RLP_STREAM_TIMEOUT)
      .doc("`/v2/read`: closing event and end of the stream after this long");

  /** Every variable the gateway reads, in README order. */
  public static final Settings SETTINGS = Settings.of(BOOTSTRAP, ROUTERS, JWT_SECRET, HOST, PORT,
      SOCKET_QUEUE, HOPELESS_LOSS_FRAMES, PING, ROUTER_TIMEOUT, MAX_RECENT, RLP_HEARTBEAT,
      RLP_STREAM_TIMEOUT);

  public GatewayConfig {
    BOOTSTRAP.require(bootstrapServers);
    ROUTERS.require(routerUrls);
    routerUrls = List.copyOf(routerUrls);
    JWT_SECRET.require(jwtSecret);
    HOST.require(httpHost);
    PORT.require(httpPort);
    SOCKET_QUEUE.require(socketQueueLimit);
    HOPELESS_LOSS_FRAMES.require(hopelessLossFrames);
    PING.require(pingInterval);
    ROUTER_TIMEOUT.require(routerTimeout);
    MAX_RECENT.require(maxRecent);
    RLP_HEARTBEAT.require(rlpHeartbeat);
    RLP_STREAM_TIMEOUT.require(rlpStreamTimeout);
  }

  /** The required settings with every other one at its default. */
  public static GatewayConfig of(String bootstrapServers, List<String> routerUrls, int httpPort,
      String jwtSecret) {
    return new GatewayConfig(bootstrapServers, routerUrls, DEFAULT_HTTP_HOST, httpPort, jwtSecret,
        DEFAULT_SOCKET_QUEUE_LIMIT, DEFAULT_HOPELESS_LOSS_FRAMES, DEFAULT_PING_INTERVAL,
        DEFAULT_ROUTER_TIMEOUT, DEFAULT_MAX_RECENT, DEFAULT_RLP_HEARTBEAT,
        DEFAULT_RLP_STREAM_TIMEOUT);
  }

  /** This configuration with the RLP event stream's heartbeat and timeout replaced. */
  public GatewayConfig withRlpTimes(Duration heartbeat, Duration streamTimeout) {
    return new GatewayConfig(bootstrapServers, routerUrls, httpHost, httpPort, jwtSecret,
        socketQueueLimit, hopelessLossFrames, pingInterval, routerTimeout, maxRecent, heartbeat,
        streamTimeout);
  }

  /** Reads the {@link #SETTINGS} variables (see gateway/README.md); no I/O. */
  public static GatewayConfig fromEnv(Map<String, String> env) {
    SettingValues v = SETTINGS.bind(env);
    return new GatewayConfig(v.get(BOOTSTRAP), v.get(ROUTERS), v.get(HOST), v.get(PORT),
        v.get(JWT_SECRET), v.get(SOCKET_QUEUE), v.get(HOPELESS_LOSS_FRAMES), v.get(PING),
        v.get(ROUTER_TIMEOUT), v.get(MAX_RECENT), v.get(RLP_HEARTBEAT),
        v.get(RLP_STREAM_TIMEOUT));
  }

  /** The configuration as one log line, with the secret masked. */
  @Override
  public String toString() {
    return "GatewayConfig[bootstrapServers=" + bootstrapServers + ", routerUrls=" + routerUrls
        + ", httpHost=" + httpHost + ", httpPort=" + httpPort + ", jwtSecret=*** ("
        + jwtSecret.length() + " chars), socketQueueLimit=" + socketQueueLimit
        + ", hopelessLossFrames=" + hopelessLossFrames + ", pingInterval=" + pingInterval
        + ", routerTimeout=" + routerTimeout + ", maxRecent=" + maxRecent + ", rlpHeartbeat="
        + rlpHeartbeat + ", rlpStreamTimeout=" + rlpStreamTimeout + "]";
  }

  private static boolean isRouterUrls(List<String> urls) {
    return !urls.isEmpty() && urls.stream().allMatch(GatewayConfig::isRouterUrl);
  }

  private static boolean isRouterUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") && uri.getHost() != null && uri.getPort() > 0;
  }
}
