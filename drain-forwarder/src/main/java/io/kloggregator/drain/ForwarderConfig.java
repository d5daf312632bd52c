package io.kloggregator.drain;

import io.kloggregator.ops.config.Setting;
import io.kloggregator.ops.config.SettingValues;
import io.kloggregator.ops.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Validated configuration of a {@link DrainForwarder}. Built by {@link #of} (defaults, for tests
 * and embedding) or {@link #fromEnv} (the variables declared in {@link #SETTINGS}, listed in the
 * module README). Immutable; every rule is checked in the compact constructors and a violation
 * throws {@code ConfigException} {@code VARIABLE=value: rule}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId consumer group shared by every forwarder instance
 * @param opsHost host the ops endpoint binds
 * @param opsPort ops endpoint port, 0 = any free port
 * @param policy which drain URLs may be dialled
 * @param timing backoff bounds, timeouts and intervals
 * @param limits per-drain memory bounds
 * @param kafka extra Kafka consumer/producer settings (real Kafka keys), applied last
 * @param isolation how far a drain may fall behind before it stops holding its partition back,
 *     and where notice lines go
 * @param https how {@code https-batch://} drains batch
 */
public record ForwarderConfig(String bootstrapServers, String groupId, String opsHost, int opsPort,
    Policy policy, Timing timing, Limits limits, Map<String, String> kafka, Isolation isolation,
    Https https) {

  public static final String DEFAULT_GROUP_ID = "kloggregator-drain-forwarder";
  public static final String ENV_PREFIX_KAFKA = "KLOGGREGATOR_DRAIN_KAFKA_";
  /** Port of {@code /metrics} and {@code /health}; the streams router's HTTP port is 8083. */
  public static final int DEFAULT_OPS_PORT = 8084;

  private static final Duration DEFAULT_BACKOFF_MIN = Duration.ofMillis(200);
  private static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(60);
  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DEFAULT_SETTLE = Duration.ofSeconds(1);
  private static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
  private static final Duration DEFAULT_NOTICE = Duration.ofSeconds(60);
  private static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
  private static final int DEFAULT_MAX_BACKLOG_LINES = 100_000;
  private static final int DEFAULT_MAX_WRITE_BYTES = 256 * 1024;

  static final Setting<String> BOOTSTRAP = Setting.text("KLOGGREGATOR_KAFKA_BOOTSTRAP")
      .rule(s -> !s.isBlank(), "must not be blank").doc("Kafka bootstrap servers");
  static final Setting<String> GROUP_ID = Setting.text("KLOGGREGATOR_DRAIN_GROUP_ID")
      .rule(s -> !s.isBlank(), "must not be blank").orElse(DEFAULT_GROUP_ID)
      .doc("consumer group shared by every forwarder instance");
  static final Setting<String> OPS_HOST = Setting.text("KLOGGREGATOR_DRAIN_OPS_HOST")
      .rule(s -> !s.isBlank(), "must not be blank").orElse("0.0.0.0")
      .doc("host of `/metrics` and `/health`");
  static final Setting<Integer> OPS_PORT = Setting.port("KLOGGREGATOR_DRAIN_OPS_PORT")
      .orElse(DEFAULT_OPS_PORT)
      .doc("port of `/metrics` and `/health` (8083 is the streams router's); 0 = any free port");
  static final Setting<Boolean> ALLOW_PRIVATE = Setting.bool("KLOGGREGATOR_DRAIN_ALLOW_PRIVATE")
      .orElse(false).doc("allow loopback/private drain addresses");
  static final Setting<List<String>> ALLOW_LIST = hostList("KLOGGREGATOR_DRAIN_ALLOW_LIST")
      .orElse(List.of(), "empty (all public)")
      .doc("when set, only these drain hosts are dialled");
  static final Setting<List<String>> DENY_LIST = hostList("KLOGGREGATOR_DRAIN_DENY_LIST")
      .orElse(List.of(), "empty").doc("never dialled; wins over the allow list");
  static final Setting<Path> TLS_FILES_DIR = Setting.path("KLOGGREGATOR_DRAIN_TLS_FILES_DIR")
      .orElse(null, "unset")
      .doc("the only directory a binding's `ca`/`cert`/`key` parameters may name");
  static final Setting<Duration> BACKOFF_MIN = positiveMillis("KLOGGREGATOR_DRAIN_BACKOFF_MIN_MS")
      .orElse(DEFAULT_BACKOFF_MIN).doc("first reconnect delay (doubling, ±20 % jitter)");
  static final Setting<Duration> BACKOFF_MAX = positiveMillis("KLOGGREGATOR_DRAIN_BACKOFF_MAX_MS")
      .orElse(DEFAULT_BACKOFF_MAX).doc("cap of the reconnect delay; at least the minimum");
  static final Setting<Duration> CONNECT_TIMEOUT = Setting
      .millis("KLOGGREGATOR_DRAIN_CONNECT_TIMEOUT_MS").rule(d -> d.toMillis() > 0, "must be > 0")
      .orElse(DEFAULT_CONNECT_TIMEOUT).doc("TCP connect and TLS handshake");
  static final Setting<Duration> SEND_TIMEOUT = positiveMillis("KLOGGREGATOR_DRAIN_SEND_TIMEOUT_MS")
      .orElse(DEFAULT_SEND_TIMEOUT).doc("a write not taken by then closes the link");
  static final Setting<Duration> SETTLE = positiveMillis("KLOGGREGATOR_DRAIN_SETTLE_MS")
      .orElse(DEFAULT_SETTLE).doc("connection must stay up this long after a write");
  static final Setting<Duration> IDLE = positiveMillis("KLOGGREGATOR_DRAIN_IDLE_TIMEOUT_MS")
      .orElse(DEFAULT_IDLE).doc("close drains without lines");
  static final Setting<Duration> NOTICE = positiveMillis("KLOGGREGATOR_DRAIN_NOTICE_INTERVAL_MS")
      .orElse(DEFAULT_NOTICE).doc("at most one notice per drain per interval");
  static final Setting<Duration> COMMIT_INTERVAL = Setting
      .millis("KLOGGREGATOR_DRAIN_COMMIT_INTERVAL_MS").rule(d -> d.toMillis() > 0, "must be > 0")
      .orElse(DEFAULT_COMMIT_INTERVAL).doc("how often positions are committed");
  static final Setting<Integer> MAX_BACKLOG_LINES = Setting
      .integer("KLOGGREGATOR_DRAIN_MAX_BACKLOG_LINES").rule(n -> n >= 1, "must be >= 1")
      .orElse(DEFAULT_MAX_BACKLOG_LINES).doc("per-drain queue bound");
  static final Setting<Integer> MAX_WRITE_BYTES = Setting
      .integer("KLOGGREGATOR_DRAIN_MAX_WRITE_BYTES").rule(n -> n >= 16 * 1024, "must be >= 16384")
      .orElse(DEFAULT_MAX_WRITE_BYTES).doc("bytes per socket write");
  // HTTPS drains: Cloud Foundry's https-batch bounds (512 KiB or 1 s) by default.
  private static final int DEFAULT_HTTPS_BATCH_BYTES = 512 * 1024;
  private static final Duration DEFAULT_HTTPS_BATCH_INTERVAL = Duration.ofSeconds(1);
  static final Setting<Integer> HTTPS_BATCH_BYTES = Setting
      .integer("KLOGGREGATOR_DRAIN_HTTPS_BATCH_BYTES").rule(n -> n >= 1024, "must be >= 1024")
      .orElse(DEFAULT_HTTPS_BATCH_BYTES).doc("`https-batch://`: a POST is sent at this body size");
  static final Setting<Duration> HTTPS_BATCH_INTERVAL =
      positiveMillis("KLOGGREGATOR_DRAIN_HTTPS_BATCH_INTERVAL_MS")
      .orElse(DEFAULT_HTTPS_BATCH_INTERVAL)
      .doc("`https-batch://`: or once its first line waited this long");

  static final Setting<Map<String, String>> KAFKA = Setting.prefix(ENV_PREFIX_KAFKA)
      .doc("extra Kafka client setting, `MAX_POLL_RECORDS` → `max.poll.records`");

  // Drain isolation (issue 15): per-drain progress and notice lines.
  private static final Duration DEFAULT_FALL_BEHIND = Duration.ofSeconds(10);
  // Above the per-drain queue bound: a healthy drain working through a full queue (a backlog
  // after a restart) is as far behind as its queue is long, and must not count as fallen behind.
  private static final int DEFAULT_FALL_BEHIND_LINES = 2 * DEFAULT_MAX_BACKLOG_LINES;
  static final Setting<Duration> FALL_BEHIND = positiveMillis("KLOGGREGATOR_DRAIN_FALL_BEHIND_MS")
      .orElse(DEFAULT_FALL_BEHIND)
      .doc("a drain with a line undelivered this long keeps its own position and stops holding "
          + "back its partition's commit");
  static final Setting<Integer> FALL_BEHIND_LINES = Setting
      .integer("KLOGGREGATOR_DRAIN_FALL_BEHIND_LINES").rule(n -> n >= 1, "must be >= 1")
      .orElse(DEFAULT_FALL_BEHIND_LINES)
      .doc("the same, for a drain this many records of its partition behind");
  static final Setting<Boolean> NOTICES_TO_OTHER_DRAINS = Setting
      .bool("KLOGGREGATOR_DRAIN_NOTICES_TO_OTHER_DRAINS").orElse(false)
      .doc("send the forwarder's notice lines about a failing drain to the app's other drains "
          + "(never to that drain; the original sent them to tail and recent only)");

  /** Every variable the forwarder reads, in README order. */
  public static final Settings SETTINGS = Settings.of(BOOTSTRAP, GROUP_ID, OPS_HOST, OPS_PORT,
      ALLOW_PRIVATE, ALLOW_LIST, DENY_LIST, TLS_FILES_DIR, BACKOFF_MIN, BACKOFF_MAX,
      CONNECT_TIMEOUT, SEND_TIMEOUT, SETTLE, IDLE, NOTICE, COMMIT_INTERVAL, MAX_BACKLOG_LINES,
      MAX_WRITE_BYTES, HTTPS_BATCH_BYTES, HTTPS_BATCH_INTERVAL, KAFKA, FALL_BEHIND,
      FALL_BEHIND_LINES, NOTICES_TO_OTHER_DRAINS);

  public ForwarderConfig {
    BOOTSTRAP.require(bootstrapServers);
    GROUP_ID.require(groupId);
    OPS_HOST.require(opsHost);
    OPS_PORT.require(opsPort);
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(limits, "limits");
    kafka = Map.copyOf(kafka == null ? Map.of() : kafka);
    Objects.requireNonNull(isolation, "isolation");
    Objects.requireNonNull(https, "https");
  }

  /**
   * Drain isolation. A drain whose oldest undelivered line of a partition was dispatched more
   * than {@code fallBehind} ago, or lies more than {@code fallBehindLines} records behind the
   * last one read, is detached: its own position is committed in the partition's offset
   * metadata and the committed offset no longer waits for it. After any restart a healthy drain
   * therefore gets again at most the lines its partition got in the last
   * {@code max(fallBehind, settle) + 2 × commitInterval} before the stop. The forwarder's notice
   * lines never reach the drain they are about; {@code noticesToOtherDrains} sends them to the
   * app's other drains.
   */
  public record Isolation(Duration fallBehind, int fallBehindLines,
      boolean noticesToOtherDrains) {

    public Isolation {
      FALL_BEHIND.require(fallBehind);
      FALL_BEHIND_LINES.require(fallBehindLines);
    }

    public static Isolation defaults() {
      return new Isolation(DEFAULT_FALL_BEHIND, DEFAULT_FALL_BEHIND_LINES, false);
    }
  }

  public ForwarderConfig withIsolation(Isolation value) {
    return new ForwarderConfig(bootstrapServers, groupId, opsHost, opsPort, policy, timing, limits,
        kafka, value, https);
  }

  /**
   * {@code https-batch://} bounds: a batch is posted once its body reaches {@code batchBytes} or
   * its first line has waited {@code batchInterval}.
   */
  public record Https(int batchBytes, Duration batchInterval) {

    public Https {
      HTTPS_BATCH_BYTES.require(batchBytes);
      HTTPS_BATCH_INTERVAL.require(batchInterval);
    }

    public static Https defaults() {
      return new Https(DEFAULT_HTTPS_BATCH_BYTES, DEFAULT_HTTPS_BATCH_INTERVAL);
    }
  }

  public ForwarderConfig withHttps(Https value) {
    return new ForwarderConfig(bootstrapServers, groupId, opsHost, opsPort, policy, timing, limits,
        kafka, isolation, value);
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
        HostRule.parse(entry, ALLOW_LIST.name());
      }
      for (String entry : denyList) {
        HostRule.parse(entry, DENY_LIST.name());
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
      BACKOFF_MIN.require(backoffMin);
      BACKOFF_MAX.require(backoffMax);
      BACKOFF_MAX.check(backoffMax.compareTo(backoffMin) >= 0, backoffMax,
          "must be >= " + BACKOFF_MIN.name() + " (" + backoffMin.toMillis() + ")");
      CONNECT_TIMEOUT.require(connectTimeout);
      SEND_TIMEOUT.require(sendTimeout);
      SETTLE.require(settle);
      IDLE.require(idle);
      NOTICE.require(notice);
      COMMIT_INTERVAL.require(commitInterval);
    }

    public static Timing defaults() {
      return new Timing(DEFAULT_BACKOFF_MIN, DEFAULT_BACKOFF_MAX, DEFAULT_CONNECT_TIMEOUT,
          DEFAULT_SEND_TIMEOUT, DEFAULT_SETTLE, DEFAULT_IDLE, DEFAULT_NOTICE,
          DEFAULT_COMMIT_INTERVAL);
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
      MAX_BACKLOG_LINES.require(maxBacklogLines);
      MAX_WRITE_BYTES.require(maxWriteBytes);
    }

    public static Limits defaults() {
      return new Limits(DEFAULT_MAX_BACKLOG_LINES, DEFAULT_MAX_WRITE_BYTES);
    }
  }

  /** Defaults around {@code bootstrapServers}: ops on 127.0.0.1, any free port, public URLs. */
  public static ForwarderConfig of(String bootstrapServers) {
    return new ForwarderConfig(bootstrapServers, DEFAULT_GROUP_ID, "127.0.0.1", 0,
        Policy.publicOnly(), Timing.defaults(), Limits.defaults(), Map.of(),
        Isolation.defaults(), Https.defaults());
  }

  public ForwarderConfig withGroupId(String value) {
    return new ForwarderConfig(bootstrapServers, value, opsHost, opsPort, policy, timing, limits,
        kafka, isolation, https);
  }

  public ForwarderConfig withPolicy(Policy value) {
    return new ForwarderConfig(bootstrapServers, groupId, opsHost, opsPort, value, timing, limits,
        kafka, isolation, https);
  }

  public ForwarderConfig withTiming(Timing value) {
    return new ForwarderConfig(bootstrapServers, groupId, opsHost, opsPort, policy, value, limits,
        kafka, isolation, https);
  }

  public ForwarderConfig withLimits(Limits value) {
    return new ForwarderConfig(bootstrapServers, groupId, opsHost, opsPort, policy, timing, value,
        kafka, isolation, https);
  }

  /** Reads the {@link #SETTINGS} variables; unset ones keep their defaults. No I/O. */
  public static ForwarderConfig fromEnv(Map<String, String> env) {
    SettingValues v = SETTINGS.bind(env);
    Policy policy = new Policy(v.get(ALLOW_PRIVATE), v.get(ALLOW_LIST), v.get(DENY_LIST),
        Optional.ofNullable(v.get(TLS_FILES_DIR)));
    Timing timing = new Timing(v.get(BACKOFF_MIN), v.get(BACKOFF_MAX), v.get(CONNECT_TIMEOUT),
        v.get(SEND_TIMEOUT), v.get(SETTLE), v.get(IDLE), v.get(NOTICE), v.get(COMMIT_INTERVAL));
    Limits limits = new Limits(v.get(MAX_BACKLOG_LINES), v.get(MAX_WRITE_BYTES));
    return new ForwarderConfig(v.get(BOOTSTRAP), v.get(GROUP_ID), v.get(OPS_HOST),
        v.get(OPS_PORT), policy, timing, limits, v.get(KAFKA), new Isolation(v.get(FALL_BEHIND),
        v.get(FALL_BEHIND_LINES), v.get(NOTICES_TO_OTHER_DRAINS)),
        new Https(v.get(HTTPS_BATCH_BYTES), v.get(HTTPS_BATCH_INTERVAL)));
  }

  private static Setting<Duration> positiveMillis(String name) {
    return Setting.millis(name).rule(d -> d.toMillis() > 0, "must be > 0");
  }

  /** CIDRs, IPs, host names and {@code *.domain}, comma-separated; each entry is checked. */
  private static Setting<List<String>> hostList(String name) {
    return Setting.of(name, "comma-separated CIDRs, IPs, hosts, `*.domain`", text -> {
      List<String> entries = new ArrayList<>();
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          entries.add(part.trim());
        }
      }
      for (String entry : entries) {
        try {
          HostRule.parse(entry, name);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(e.getMessage().substring(name.length() + 1), e);
        }
      }
      return List.copyOf(entries);
    }).shown(entries -> String.join(",", entries));
  }
}
