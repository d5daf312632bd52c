package io.kloggregator.drain;

import io.kloggregator.ops.ReasonCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The meters of one drain URL, tagged {@code drain} = the first 12 hex digits of SHA-1(URL) (the
 * URL itself may hold secrets; the app id is never a tag). Owned by the {@link DrainRegistry}:
 * registered when the URL is first seen, kept while it is bound (also while its connection is
 * closed for idleness; the gauges then read 0 and idle), removed from the registry on
 * {@link #close} when it is unbound. The gauges follow the URL's current {@link Drain}
 * ({@link #follow}). Thread-safe.
 */
final class DrainMetrics implements AutoCloseable {

  /** Drain states as the {@code kloggregator.drain.state} gauge reports them. */
  enum State { IDLE, CONNECTING, CONNECTED, BACKOFF, REFUSED, CLOSED }

  private final MeterRegistry registry;
  private final List<Meter> meters;
  final String id;
  /** kloggregator.drain.sent: lines written and settled on a live connection. */
  final Counter sent;
  /**
   * kloggregator.drain.failed{reason}: failed connects, handshakes, writes and HTTPS requests,
   * each of which closes the link and is retried ({@link LinkFailure#REASONS}).
   */
  final ReasonCounters failed;
  /** kloggregator.drain.reconnects: connections opened after the first. */
  final Counter reconnects;
  /** kloggregator.drain.resent: lines written again after a connection closed (duplicates). */
  final Counter resent;
  /**
   * kloggregator.drain.dropped{reason}: lines dropped for good, {@code refused_url} (a URL that
   * is never dialled) or {@code rejected} (an HTTPS receiver answered another 4xx, or a 3xx).
   */
  final ReasonCounters dropped;
  static final String REFUSED_URL = "refused_url";
  static final String REJECTED = "rejected";

  private volatile Supplier<Number> backlog = () -> 0;
  private volatile Supplier<State> state = () -> State.IDLE;

  DrainMetrics(MeterRegistry registry, String url) {
    this.registry = registry;
    this.id = shortId(url);
    Tags tags = Tags.of("drain", id);
    sent = registry.counter("kloggregator.drain.sent", tags);
    failed = new ReasonCounters(registry, "kloggregator.drain.failed",
        "failed connects, handshakes, writes and HTTPS requests (retried)", tags,
        LinkFailure.REASONS);
    reconnects = registry.counter("kloggregator.drain.reconnects", tags);
    resent = registry.counter("kloggregator.drain.resent", tags);
    dropped = new ReasonCounters(registry, "kloggregator.drain.dropped",
        "lines dropped for good", tags, List.of(REFUSED_URL, REJECTED));
    // kloggregator.drain.backlog: lines accepted but not yet settled at the receiver.
    Gauge backlogGauge = Gauge.builder("kloggregator.drain.backlog", () -> backlog.get())
        .tags(tags).register(registry);
    // kloggregator.drain.state: ordinal of State (0 idle .. 2 connected, 3 backoff, 4 refused).
    Gauge stateGauge = Gauge.builder("kloggregator.drain.state",
        () -> state.get().ordinal())
        .tags(tags).register(registry);
    meters = List.of(sent, reconnects, resent, backlogGauge, stateGauge);
  }

  /** Points the gauges at a drain's backlog and state. */
  void follow(Supplier<Number> backlogOf, Supplier<State> stateOf) {
    this.backlog = backlogOf;
    this.state = stateOf;
  }

  static String shortId(String url) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 missing from the JDK", e);
    }
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
    failed.remove();
    dropped.remove();
  }
}
