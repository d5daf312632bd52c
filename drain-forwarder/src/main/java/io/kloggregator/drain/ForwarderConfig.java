package io.kloggregator.drain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Validated configuration of a {@link DrainForwarder}. Built by {@link #of} (defaults, for tests
 * and embedding) or {@link #fromEnv} (the {@code KLOGGREGATOR_*} variables listed in the module
 * README). Immutable; every rule is checked in the compact constructors and a violation throws
 * {@link IllegalArgumentException} naming the setting, the rule and the value given.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId consumer group shared by every forwarder instance
 * @param opsHost host the ops endpoint binds
 * @param opsPort ops endpoint port, 0 = any free port
 * @param policy which drain URLs may be dialled
 * @param timing backoff bounds, timeouts and intervals
 * @param limits per-drain memory bounds
 * @param kafka extra Kafka consumer/producer settings (real Kafka keys), applied last
 */
public record ForwarderConfig(String bootstrapServers, String groupId, String opsHost, int opsPort,
    Policy policy, Timing timing, Limits limits, Map<String, String> kafka) {

  public static final String DEFAULT_GROUP_ID = "kloggregator-drain-forwarder";
  public static final String ENV_PREFIX_KAFKA = "KLOGGREGATOR_DRAIN_KAFKA_";
  /** Port of {@code /metrics} and {@code /health}; the streams router's HTTP port is 8083. */
  public static final int DEFAULT_OPS_PORT = 8084;

  public ForwarderConfig {
    require(bootstrapServers != null && !bootstrapServers.isBlank(),
        "KLOGGREGATOR_KAFKA_BOOTSTRAP is required", bootstrapServers);
    require(groupId != null && !groupId.isBlank(), "KLOGGREGATOR_DRAIN_GROUP_ID must not be blank",
        groupId);
    require(opsHost != null && !opsHost.isBlank(), "KLOGGREGATOR_DRAIN_OPS_HOST must not be blank",
        opsHost);
    require(opsPort >= 0 && opsPort <= 65535, "KLOGGREGATOR_DRAIN_OPS_PORT must be in 0..65535",
        opsPort);
    require(policy != null, "policy is required", null);
    require(timing != null, "timing is required", null);
    require(limits != null, "limits is required", null);
    kafka = Map.copyOf(kafka == null ? Map.of() : kafka);
  }

  /**
   * Which drain URLs the forwarder dials. Loopback, private, link-local, CGNAT and unique-local
   * addresses are refused unless {@code allowPrivate}; a non-empty allow list admits only the
   * hosts/CIDRs on it; the deny list always wins. {@code tlsFilesDir} is the only directory a
   * binding's {@code ca}, {@code cert} and {@code key} parameters may name (empty = none allowed).
   */
  public record Policy(boolean allowPrivate, List<String> allowList, List<String> denyList,
      Optional<Path> tlsFilesDir) {

    public Policy {
      allowList = List.copyOf(allowList);
      denyList = List.copyOf(denyList);
      for (String entry : allowList) {
        HostRule.parse(entry, "KLOGGREGATOR_DRAIN_ALLOW_LIST");
      }
      for (String entry : denyList) {
        HostRule.parse(entry, "KLOGGREGATOR_DRAIN_DENY_LIST");
      }
      tlsFilesDir = tlsFilesDir.map(p -> p.toAbsolutePath().normalize());
    }

    public static Policy publicOnly() {
      return new Policy(false, List.of(), List.of(), Optional.empty());
    }

    public Policy withAllowPrivate(boolean allow) {
      return new Policy(allow, allowList, denyList, tlsFilesDir);
    }

    public Policy withTlsFilesDir(Path dir) {
      return new Policy(allowPrivate, allowList, denyList, Optional.of(dir));
    }

    public Policy withLists(List<String> allow, List<String> deny) {
      return new Policy(allowPrivate, allow, deny, tlsFilesDir);
    }
  }

  /**
   * Time bounds. Reconnects wait {@code backoffMin * 2^(n-1)}, capped at {@code backoffMax},
   * jittered into the upper half of that step ({@link io.kloggregator.ops.Backoff}). A line
   * counts as delivered (and may be committed) once it was written and
   * the connection stayed up for {@code settle} afterwards; lines of a connection that closes
   * sooner are sent again. A drain that got no line for {@code idle} and has nothing queued is
   * closed. While a drain fails, its apps get a notice line at most once per {@code notice}.
   */
  public record Timing(Duration backoffMin, Duration backoffMax, Duration connectTimeout,
      Duration sendTimeout, Duration settle, Duration idle, Duration notice,
      Duration commitInterval) {

    public Timing {
      positive(backoffMin, "KLOGGREGATOR_DRAIN_BACKOFF_MIN_MS");
      positive(backoffMax, "KLOGGREGATOR_DRAIN_BACKOFF_MAX_MS");
      require(backoffMax.compareTo(backoffMin) >= 0,
          "KLOGGREGATOR_DRAIN_BACKOFF_MAX_MS must be >= KLOGGREGATOR_DRAIN_BACKOFF_MIN_MS",
          backoffMax.toMillis());
      positive(connectTimeout, "KLOGGREGATOR_DRAIN_CONNECT_TIMEOUT_MS");
      positive(sendTimeout, "KLOGGREGATOR_DRAIN_SEND_TIMEOUT_MS");
      positive(settle, "KLOGGREGATOR_DRAIN_SETTLE_MS");
      positive(idle, "KLOGGREGATOR_DRAIN_IDLE_TIMEOUT_MS");
      positive(notice, "KLOGGREGATOR_DRAIN_NOTICE_INTERVAL_MS");
      positive(commitInterval, "KLOGGREGATOR_DRAIN_COMMIT_INTERVAL_MS");
    }

    public static Timing defaults() {
      return new Timing(Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofSeconds(10),
          Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60),
          Duration.ofSeconds(60), Duration.ofSeconds(1));
    }

    public Timing withBackoff(Duration min, Duration max) {
      return new Timing(min, max, connectTimeout, sendTimeout, settle, idle, notice,
          commitInterval);
    }

    public Timing withIdle(Duration value) {
      return new Timing(backoffMin, backoffMax, connectTimeout, sendTimeout, settle, value, notice,
          commitInterval);
    }

    public Timing withNotice(Duration value) {
      return new Timing(backoffMin, backoffMax, connectTimeout, sendTimeout, settle, idle, value,
          commitInterval);
    }
  }

  /**
   * Memory bounds: lines queued per drain before the forwarder stops reading that drain's
   * partitions, and bytes per socket write.
   */
  public record Limits(int maxBacklogLines, int maxWriteBytes) {

    public Limits {
      require(maxBacklogLines >= 1, "KLOGGREGATOR_DRAIN_MAX_BACKLOG_LINES must be >= 1",
          maxBacklogLines);
      require(maxWriteBytes >= 16 * 1024, "KLOGGREGATOR_DRAIN_MAX_WRITE_BYTES must be >= 16384",
          maxWriteBytes);
    }

    public static Limits defaults() {
      return new Limits(100_000, 256 * 1024);
    }
  }

  /** Defaults around {@code bootstrapServers}: ops on 127.0.0.1, any free port, public URLs. */
  public static ForwarderConfig of(String bootstrapServers) {
    return new ForwarderConfig(bootstrapServers, DEFAULT_GROUP_ID, "127.0.0.1", 0,
        Policy.publicOnly(), Timing.defaults(), Limits.defaults(), Map.of());
  }

  public ForwarderConfig withGroupId(String value) {
    return new ForwarderConfig(bootstrapServers, value, opsHost, opsPort, policy, timing, limits,
        kafka);
  }

  public ForwarderConfig withPolicy(Policy value) {
    return new ForwarderConfig(bootstrapServers, groupId, opsHost, opsPort, value, timing, limits,
        kafka);
  }

  public ForwarderConfig withTiming(Timing value) {
    return new ForwarderConfig(bootstrapServers, groupId, opsHost, opsPort, policy, value, limits,
        kafka);
  }

  public ForwarderConfig withLimits(Limits value) {
    return new ForwarderConfig(bootstrapServers, groupId, opsHost, opsPort, policy, timing, value,
        kafka);
  }

  /** Reads the variables documented in the README; unset ones keep their defaults. */
  static ForwarderConfig fromEnv(Map<String, String> env) {
    Timing d = Timing.defaults();
    Limits l = Limits.defaults();
    Policy policy = new Policy(bool(env, "KLOGGREGATOR_DRAIN_ALLOW_PRIVATE", false),
        list(env, "KLOGGREGATOR_DRAIN_ALLOW_LIST"), list(env, "KLOGGREGATOR_DRAIN_DENY_LIST"),
        Optional.ofNullable(env.get("KLOGGREGATOR_DRAIN_TLS_FILES_DIR")).filter(s -> !s.isBlank())
            .map(Path::of));
    Timing timing = new Timing(
        millis(env, "KLOGGREGATOR_DRAIN_BACKOFF_MIN_MS", d.backoffMin()),
        millis(env, "KLOGGREGATOR_DRAIN_BACKOFF_MAX_MS", d.backoffMax()),
        millis(env, "KLOGGREGATOR_DRAIN_CONNECT_TIMEOUT_MS", d.connectTimeout()),
        millis(env, "KLOGGREGATOR_DRAIN_SEND_TIMEOUT_MS", d.sendTimeout()),
        millis(env, "KLOGGREGATOR_DRAIN_SETTLE_MS", d.settle()),
        millis(env, "KLOGGREGATOR_DRAIN_IDLE_TIMEOUT_MS", d.idle()),
        millis(env, "KLOGGREGATOR_DRAIN_NOTICE_INTERVAL_MS", d.notice()),
        millis(env, "KLOGGREGATOR_DRAIN_COMMIT_INTERVAL_MS", d.commitInterval()));
    Limits limits = new Limits(
        integer(env, "KLOGGREGATOR_DRAIN_MAX_BACKLOG_LINES", l.maxBacklogLines()),
        integer(env, "KLOGGREGATOR_DRAIN_MAX_WRITE_BYTES", l.maxWriteBytes()));
    Map<String, String> kafka = new TreeMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith(ENV_PREFIX_KAFKA) && k.length() > ENV_PREFIX_KAFKA.length()) {
        kafka.put(k.substring(ENV_PREFIX_KAFKA.length()).toLowerCase(Locale.ROOT)
            .replace('_', '.'), v);
      }
    });
    return new ForwarderConfig(env.get("KLOGGREGATOR_KAFKA_BOOTSTRAP"),
        env.getOrDefault("KLOGGREGATOR_DRAIN_GROUP_ID", DEFAULT_GROUP_ID),
        env.getOrDefault("KLOGGREGATOR_DRAIN_OPS_HOST", "0.0.0.0"),
        integer(env, "KLOGGREGATOR_DRAIN_OPS_PORT", DEFAULT_OPS_PORT), policy, timing, limits, kafka);
  }

  private static boolean bool(Map<String, String> env, String key, boolean dflt) {
    String v = env.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    String s = v.trim().toLowerCase(Locale.ROOT);
    require(s.equals("true") || s.equals("false"), key + " must be true or false", v);
    return s.equals("true");
  }

  private static int integer(Map<String, String> env, String key, int dflt) {
    String v = env.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'", e);
    }
  }

  private static Duration millis(Map<String, String> env, String key, Duration dflt) {
    String v = env.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Duration.ofMillis(Long.parseLong(v.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number of milliseconds, was '" + v
          + "'", e);
    }
  }

  private static List<String> list(Map<String, String> env, String key) {
    String v = env.get(key);
    List<String> out = new ArrayList<>();
    if (v != null) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  private static void positive(Duration d, String key) {
    require(d != null && !d.isNegative() && !d.isZero(), key + " must be > 0",
        d == null ? null : d.toMillis());
  }

  private static void require(boolean ok, String rule, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(rule + " (was " + value + ")");
    }
  }
}
