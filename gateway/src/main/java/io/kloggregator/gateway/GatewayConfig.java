package io.kloggregator.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's validated configuration. {@link #of} gives the defaults for everything but the
 * four required settings; {@link #fromEnv} reads the {@code KLOGGREGATOR_*} variables documented
 * in {@code gateway/README.md}. The compact constructor rejects a bad value naming the setting.
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
 */
public record GatewayConfig(String bootstrapServers, List<String> routerUrls, String httpHost,
    int httpPort, String jwtSecret, int socketQueueLimit, int hopelessLossFrames,
    Duration pingInterval, Duration routerTimeout, int maxRecent) {

  public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_SOCKET_QUEUE_LIMIT = 1000;
  public static final int DEFAULT_HOPELESS_LOSS_FRAMES = 10;
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);
  public static final Duration DEFAULT_ROUTER_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_RECENT = 1000;
  static final int MIN_SECRET_BYTES = 32;

  public GatewayConfig {
    require(bootstrapServers != null && !bootstrapServers.isBlank(),
        "bootstrapServers is required (KLOGGREGATOR_KAFKA_BOOTSTRAP)");
    require(routerUrls != null && !routerUrls.isEmpty(),
        "routerUrls needs at least one router URL (KLOGGREGATOR_GATEWAY_ROUTERS)");
    routerUrls = List.copyOf(routerUrls);
    routerUrls.forEach(GatewayConfig::checkRouterUrl);
    require(httpHost != null && !httpHost.isBlank(), "httpHost is required");
    require(httpPort >= 0 && httpPort <= 65535,
        "httpPort must be in 0..65535 (0 = any free port), was " + httpPort);
    require(jwtSecret != null, "jwtSecret is required (KLOGGREGATOR_GATEWAY_JWT_SECRET)");
    int secretBytes = jwtSecret.getBytes(StandardCharsets.UTF_8).length;
    require(secretBytes >= MIN_SECRET_BYTES, "jwtSecret must be at least " + MIN_SECRET_BYTES
        + " bytes for HS256, was " + secretBytes + " bytes");
    require(socketQueueLimit >= 1, "socketQueueLimit must be >= 1, was " + socketQueueLimit);
    require(hopelessLossFrames >= 1,
        "hopelessLossFrames must be >= 1, was " + hopelessLossFrames);
    require(pingInterval != null && pingInterval.toMillis() >= 10,
        "pingInterval must be >= 10 ms, was " + pingInterval);
    require(routerTimeout != null && routerTimeout.toMillis() >= 1,
        "routerTimeout must be >= 1 ms, was " + routerTimeout);
    require(maxRecent >= 1, "maxRecent must be >= 1, was " + maxRecent);
  }

  /** The required settings with every other one at its default. */
  public static GatewayConfig of(String bootstrapServers, List<String> routerUrls, int httpPort,
      String jwtSecret) {
    return new GatewayConfig(bootstrapServers, routerUrls, DEFAULT_HTTP_HOST, httpPort, jwtSecret,
        DEFAULT_SOCKET_QUEUE_LIMIT, DEFAULT_HOPELESS_LOSS_FRAMES, DEFAULT_PING_INTERVAL,
        DEFAULT_ROUTER_TIMEOUT, DEFAULT_MAX_RECENT);
  }

  /** Reads the configuration from environment variables (see gateway/README.md). */
  public static GatewayConfig fromEnv(Map<String, String> env) {
    List<String> routers = new ArrayList<>();
    for (String url : env.getOrDefault("KLOGGREGATOR_GATEWAY_ROUTERS", "").split(",")) {
      if (!url.isBlank()) {
        routers.add(url.trim());
      }
    }
    return new GatewayConfig(env.get("KLOGGREGATOR_KAFKA_BOOTSTRAP"), routers,
        env.getOrDefault("KLOGGREGATOR_GATEWAY_HOST", DEFAULT_HTTP_HOST),
        intVar(env, "KLOGGREGATOR_GATEWAY_PORT", DEFAULT_HTTP_PORT),
        env.get("KLOGGREGATOR_GATEWAY_JWT_SECRET"),
        intVar(env, "KLOGGREGATOR_GATEWAY_SOCKET_QUEUE", DEFAULT_SOCKET_QUEUE_LIMIT),
        intVar(env, "KLOGGREGATOR_GATEWAY_HOPELESS_LOSS_FRAMES", DEFAULT_HOPELESS_LOSS_FRAMES),
        Duration.ofMillis(intVar(env, "KLOGGREGATOR_GATEWAY_PING_MS",
            (int) DEFAULT_PING_INTERVAL.toMillis())),
        Duration.ofMillis(intVar(env, "KLOGGREGATOR_GATEWAY_ROUTER_TIMEOUT_MS",
            (int) DEFAULT_ROUTER_TIMEOUT.toMillis())),
        intVar(env, "KLOGGREGATOR_GATEWAY_MAX_RECENT", DEFAULT_MAX_RECENT));
  }

  /** The configuration as one log line, with the secret masked. */
  @Override
  public String toString() {
    return "GatewayConfig[bootstrapServers=" + bootstrapServers + ", routerUrls=" + routerUrls
        + ", httpHost=" + httpHost + ", httpPort=" + httpPort + ", jwtSecret=*** ("
        + jwtSecret.length() + " chars), socketQueueLimit=" + socketQueueLimit
        + ", hopelessLossFrames=" + hopelessLossFrames + ", pingInterval=" + pingInterval
        + ", routerTimeout=" + routerTimeout + ", maxRecent=" + maxRecent + "]";
  }

  private static int intVar(Map<String, String> env, String name, int fallback) {
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

  private static void checkRouterUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("routerUrls: not a URL: '" + url + "'", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    require(scheme.equals("http") && uri.getHost() != null && uri.getPort() > 0,
        "routerUrls: expected http://host:port, was '" + url + "'");
  }

  private static void require(boolean rule, String message) {
    if (!rule) {
      throw new IllegalArgumentException(message);
    }
  }
}
