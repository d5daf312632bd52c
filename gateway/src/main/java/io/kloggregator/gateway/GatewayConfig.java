package io.kloggregator.gateway;

import io.kloggregator.ops.config.Setting;
import io.kloggregator.ops.config.SettingValues;
import io.kloggregator.ops.config.Settings;
import io.kloggregator.ops.token.TokenFormat;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The gateway's validated configuration. {@link #of} gives the defaults for everything but the
 * four required settings (token mode with an HS256 secret); {@link #fromEnv} reads the
 * variables declared in {@link #SETTINGS} (the table of {@code gateway/README.md}). The compact
 * constructor rejects a bad value as {@code VARIABLE=value: rule}.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code host:port,...})
 * @param routerUrls base URLs of streams router instances ({@code http://host:port}), tried in turn
 * @param httpHost address the HTTP/WebSocket server binds
 * @param httpPort port of the HTTP/WebSocket server; 0 = any free port
 * @param auth how bearer tokens are checked: the mode and what it needs
 * @param socketQueueLimit lines buffered per socket beyond Vert.x's write queue before dropping
 * @param hopelessLossFrames loss frames after which a socket that never catches up is closed
 * @param pingInterval how often sockets are pinged; a socket silent for 3 intervals is closed
 * @param routerTimeout how long a recent-lines query to the router may take
 * @param maxRecent the largest {@code n} a client may ask for
 * @param rlpHeartbeat how long an RLP event stream may stay silent before a heartbeat event
 * @param rlpStreamTimeout how long an RLP event stream lasts before its closing event
 */
public record GatewayConfig(String bootstrapServers, List<String> routerUrls, String httpHost,
    int httpPort, AuthConfig auth, int socketQueueLimit, int hopelessLossFrames,
    Duration pingInterval, Duration routerTimeout, int maxRecent, Duration rlpHeartbeat,
    Duration rlpStreamTimeout) {

  public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_SOCKET_QUEUE_LIMIT = 1000;
  public static final int DEFAULT_HOPELESS_LOSS_FRAMES = 10;
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);
  public static final Duration DEFAULT_ROUTER_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_RECENT = 1000;
  public static final Duration DEFAULT_OIDC_REFRESH = Duration.ofSeconds(30);
  public static final Duration DEFAULT_OIDC_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CF_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_CF_CACHE_TTL = Duration.ofSeconds(30);
  public static final int DEFAULT_CF_CACHE_SIZE = 10_000;
  public static final List<String> DEFAULT_ADMIN_SCOPES = List.of("logs.admin", "doppler.firehose");
  /** The RLP gateway's heartbeat and stream timeout. */
  public static final Duration DEFAULT_RLP_HEARTBEAT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_RLP_STREAM_TIMEOUT = Duration.ofMinutes(14);

  static final Setting<String> BOOTSTRAP = Setting.text("KLOGGREGATOR_KAFKA_BOOTSTRAP")
      .rule(s -> !s.isBlank(), "must not be blank").doc("Kafka bootstrap servers");
  static final Setting<List<String>> ROUTERS = Setting.list("KLOGGREGATOR_GATEWAY_ROUTERS")
      .rule(GatewayConfig::isRouterUrls, "needs at least one router URL, each http://host:port")
      .doc("streams router URLs, tried in turn");
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

  // Authentication: the mode, then what each mode reads (gateway/README.md, "Authentication").
  // kloggregator's own token settings are declared once in operations' TokenFormat, which
  // `logs token` binds too.
  static final Setting<AuthMode> AUTH_MODE = Setting
      .oneOf("KLOGGREGATOR_GATEWAY_AUTH_MODE", AuthMode.class).orElse(AuthMode.TOKEN)
      .doc("whose bearer tokens are believed: `token` (kloggregator's own), `oidc` (an OpenID "
          + "provider's), `cf` (UAA + Cloud Controller)");
  static final Setting<URI> OIDC_ISSUER = Setting.uri("KLOGGREGATOR_GATEWAY_OIDC_ISSUER")
      .rule(GatewayConfig::isHttpUrl, "must be an http(s) URL").orElse(null, "unset")
      .doc("oidc/cf: the tokens' `iss`; keys found through `<issuer>/.well-known/"
          + "openid-configuration` (required)");
  static final Setting<URI> OIDC_JWKS_URL = Setting.uri("KLOGGREGATOR_GATEWAY_OIDC_JWKS_URL")
      .rule(GatewayConfig::isHttpUrl, "must be an http(s) URL").orElse(null, "unset")
      .doc("oidc/cf: the JWKS URL instead of discovery (UAA: `https://uaa.<domain>/token_keys`)");
  static final Setting<String> OIDC_AUDIENCE = Setting.text("KLOGGREGATOR_GATEWAY_OIDC_AUDIENCE")
      .orElse(null, "unset")
      .doc("oidc/cf: a value the tokens' `aud` must contain (required)");
  static final Setting<String> OIDC_APPS_CLAIM = Setting
      .text("KLOGGREGATOR_GATEWAY_OIDC_APPS_CLAIM").rule(s -> !s.isBlank(), "must not be blank")
      .orElse(TokenFormat.APPS_CLAIM)
      .doc("oidc: claim listing the app ids a token may read (`a.b` for nested claims)");
  static final Setting<String> OIDC_SCOPE_CLAIM = Setting
      .text("KLOGGREGATOR_GATEWAY_OIDC_SCOPE_CLAIM").rule(s -> !s.isBlank(), "must not be blank")
      .orElse("scope").doc("oidc/cf: claim holding the scopes (space-separated or a list)");
  static final Setting<List<String>> OIDC_ADMIN_SCOPES = Setting
      .list("KLOGGREGATOR_GATEWAY_OIDC_ADMIN_SCOPES").orElse(DEFAULT_ADMIN_SCOPES)
      .doc("oidc/cf: scopes that grant every app and the firehose");
  static final Setting<Duration> OIDC_REFRESH = Setting
      .millis("KLOGGREGATOR_GATEWAY_OIDC_REFRESH_MS").rule(d -> d.toMillis() >= 0, "must be >= 0")
      .orElse(DEFAULT_OIDC_REFRESH)
      .doc("oidc/cf: least time between two key fetches (an unknown `kid` refetches)");
  static final Setting<Duration> OIDC_TIMEOUT = Setting
      .millis("KLOGGREGATOR_GATEWAY_OIDC_TIMEOUT_MS").rule(d -> d.toMillis() >= 1, "must be >= 1")
      .orElse(DEFAULT_OIDC_TIMEOUT).doc("oidc/cf: timeout of a discovery or key fetch");
  static final Setting<URI> CF_API = Setting.uri("KLOGGREGATOR_GATEWAY_CF_API")
      .rule(GatewayConfig::isHttpUrl, "must be an http(s) URL").orElse(null, "unset")
      .doc("cf: Cloud Controller's URL, asked `GET /v3/apps/<guid>` with the user's token "
          + "(required)");
  static final Setting<Duration> CF_TIMEOUT = Setting.millis("KLOGGREGATOR_GATEWAY_CF_TIMEOUT_MS")
      .rule(d -> d.toMillis() >= 1, "must be >= 1").orElse(DEFAULT_CF_TIMEOUT)
      .doc("cf: timeout of one Cloud Controller request; then 503");
  static final Setting<Duration> CF_CACHE_TTL = Setting
      .millis("KLOGGREGATOR_GATEWAY_CF_CACHE_TTL_MS").rule(d -> d.toMillis() >= 0, "must be >= 0")
      .orElse(DEFAULT_CF_CACHE_TTL).doc("cf: how long Cloud Controller's answer is reused");
  static final Setting<Integer> CF_CACHE_SIZE = Setting
      .integer("KLOGGREGATOR_GATEWAY_CF_CACHE_SIZE").rule(n -> n >= 1, "must be >= 1")
      .orElse(DEFAULT_CF_CACHE_SIZE).doc("cf: the most (token, app) answers cached");

  /** Every variable the gateway reads, in README order. */
  public static final Settings SETTINGS = Settings.of(BOOTSTRAP, ROUTERS, HOST, PORT,
      SOCKET_QUEUE, HOPELESS_LOSS_FRAMES, PING, ROUTER_TIMEOUT, MAX_RECENT,
      AUTH_MODE, TokenFormat.ALGORITHM, TokenFormat.SECRET, TokenFormat.PUBLIC_KEY,
      OIDC_ISSUER, OIDC_JWKS_URL, OIDC_AUDIENCE, OIDC_APPS_CLAIM, OIDC_SCOPE_CLAIM,
      OIDC_ADMIN_SCOPES, OIDC_REFRESH, OIDC_TIMEOUT, CF_API, CF_TIMEOUT, CF_CACHE_TTL,
      CF_CACHE_SIZE, RLP_HEARTBEAT, RLP_STREAM_TIMEOUT);

  public GatewayConfig {
    BOOTSTRAP.require(bootstrapServers);
    ROUTERS.require(routerUrls);
    routerUrls = List.copyOf(routerUrls);
    Objects.requireNonNull(auth, "auth");
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

  /** Token mode with the HS256 key {@code jwtSecret}; the settings before the auth block. */
  public GatewayConfig(String bootstrapServers, List<String> routerUrls, String httpHost,
      int httpPort, String jwtSecret, int socketQueueLimit, int hopelessLossFrames,
      Duration pingInterval, Duration routerTimeout, int maxRecent) {
    this(bootstrapServers, routerUrls, httpHost, httpPort, AuthConfig.hs256(jwtSecret),
        socketQueueLimit, hopelessLossFrames, pingInterval, routerTimeout, maxRecent,
        DEFAULT_RLP_HEARTBEAT, DEFAULT_RLP_STREAM_TIMEOUT);
  }

  /** The required settings with every other one at its default (token mode, HS256). */
  public static GatewayConfig of(String bootstrapServers, List<String> routerUrls, int httpPort,
      String jwtSecret) {
    return new GatewayConfig(bootstrapServers, routerUrls, DEFAULT_HTTP_HOST, httpPort, jwtSecret,
        DEFAULT_SOCKET_QUEUE_LIMIT, DEFAULT_HOPELESS_LOSS_FRAMES, DEFAULT_PING_INTERVAL,
        DEFAULT_ROUTER_TIMEOUT, DEFAULT_MAX_RECENT);
  }

  /** This configuration with the RLP event stream's heartbeat and timeout replaced. */
  public GatewayConfig withRlpTimes(Duration heartbeat, Duration streamTimeout) {
    return new GatewayConfig(bootstrapServers, routerUrls, httpHost, httpPort, auth,
        socketQueueLimit, hopelessLossFrames, pingInterval, routerTimeout, maxRecent, heartbeat,
        streamTimeout);
  }

  /** Reads the {@link #SETTINGS} variables (see gateway/README.md); no I/O. */
  public static GatewayConfig fromEnv(Map<String, String> env) {
    SettingValues v = SETTINGS.bind(env);
    AuthConfig auth = new AuthConfig(v.get(AUTH_MODE), v.get(TokenFormat.ALGORITHM),
        v.get(TokenFormat.SECRET), v.get(TokenFormat.PUBLIC_KEY),
        new OidcConfig(v.get(OIDC_ISSUER), v.get(OIDC_JWKS_URL), v.get(OIDC_AUDIENCE),
            v.get(OIDC_APPS_CLAIM), v.get(OIDC_SCOPE_CLAIM), v.get(OIDC_ADMIN_SCOPES),
            v.get(OIDC_REFRESH), v.get(OIDC_TIMEOUT)),
        new CloudControllerConfig(v.get(CF_API), v.get(CF_TIMEOUT), v.get(CF_CACHE_TTL),
            v.get(CF_CACHE_SIZE)));
    return new GatewayConfig(v.get(BOOTSTRAP), v.get(ROUTERS), v.get(HOST), v.get(PORT), auth,
        v.get(SOCKET_QUEUE), v.get(HOPELESS_LOSS_FRAMES), v.get(PING), v.get(ROUTER_TIMEOUT),
        v.get(MAX_RECENT), v.get(RLP_HEARTBEAT), v.get(RLP_STREAM_TIMEOUT));
  }

  /** The provider settings at their defaults, with {@code issuer} and {@code audience}. */
  static OidcConfig defaultOidc(URI issuer, String audience) {
    return new OidcConfig(issuer, null, audience, TokenFormat.APPS_CLAIM, "scope",
        DEFAULT_ADMIN_SCOPES, DEFAULT_OIDC_REFRESH, DEFAULT_OIDC_TIMEOUT);
  }

  /** The Cloud Controller settings at their defaults, with {@code api}. */
  static CloudControllerConfig defaultCloudController(URI api) {
    return new CloudControllerConfig(api, DEFAULT_CF_TIMEOUT, DEFAULT_CF_CACHE_TTL,
        DEFAULT_CF_CACHE_SIZE);
  }

  /** The configuration as one log line, with the secret masked. */
  @Override
  public String toString() {
    return "GatewayConfig[bootstrapServers=" + bootstrapServers + ", routerUrls=" + routerUrls
        + ", httpHost=" + httpHost + ", httpPort=" + httpPort + ", auth=" + auth
        + ", socketQueueLimit=" + socketQueueLimit
        + ", hopelessLossFrames=" + hopelessLossFrames + ", pingInterval=" + pingInterval
        + ", routerTimeout=" + routerTimeout + ", maxRecent=" + maxRecent + ", rlpHeartbeat="
        + rlpHeartbeat + ", rlpStreamTimeout=" + rlpStreamTimeout + "]";
  }

  private static boolean isHttpUrl(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
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
