package io.kloggregator.drain;

import io.kloggregator.ops.ReasonCounters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open drains by URL, one {@link Drain} (and so one connection) per distinct URL whatever
 * the number of apps bound to it, and each URL's {@link DrainMetrics}, registered when the URL
 * is bound ({@link #bound}; or with its first line, for a URL the bindings topic does not hold)
 * and kept, quiet or not, until it is unbound ({@link #unbind}). An unbound URL is gone:
 * {@link #get} returns null for it until it is bound again. Also owns the forwarder's own drop
 * counters ({@link #dropped}). Drains are spread round-robin over the event-loop contexts given.
 * Thread-safe: the consumer thread and catch-up readers look drains up, drains remove
 * themselves when idle.
 */
final class DrainRegistry {

  private final Map<String, Drain> drains = new ConcurrentHashMap<>();
  private final Map<String, DrainMetrics> meters = new ConcurrentHashMap<>();
  private final Set<String> gone = ConcurrentHashMap.newKeySet();
  private final List<Context> contexts;
  private final DrainLinks links;
  private final AtomicInteger next = new AtomicInteger();
  /** Records in the drain topic that are not a {@code DrainRecord}. */
  static final String BAD_RECORD = "bad_record";
  /** Lines of a removed binding, never sent. */
  static final String UNBOUND = "unbound";
  /** The forwarder's own notice lines, sent to no drain by default. */
  static final String OWN_NOTICE = "own_notice";
  /**
   * kloggregator.drain.dropped{reason}: lines the forwarder itself drops (each drain's own
   * drops carry its {@code drain} tag too, {@link DrainMetrics#dropped}); all at 0 from start.
   */
  private final ReasonCounters dropped;

  DrainRegistry(List<Context> contexts, DrainLinks links) {
    this.contexts = List.copyOf(contexts);
    this.links = links;
    this.dropped = new ReasonCounters(links.registry(), "kloggregator.drain.dropped",
        "lines dropped for good", List.of(BAD_RECORD, UNBOUND, OWN_NOTICE));
  }

  /** The drain of {@code url}, opened if need be; null when the URL was unbound. */
  Drain get(String url) {
    if (gone.contains(url)) {
      return null;
    }
    return drains.computeIfAbsent(url, u -> new Drain(u,
        contexts.get(Math.floorMod(next.getAndIncrement(), contexts.size())), links,
        metersOf(u),
        d -> drains.remove(d.url(), d)));
  }

  /** Replaces a drain that closed between lookup and offer; null when the URL was unbound. */
  Drain replace(Drain closed) {
    drains.remove(closed.url(), closed);
    return get(closed.url());
  }

  boolean isGone(String url) {
    return gone.contains(url);
  }

  private DrainMetrics metersOf(String url) {
    return meters.computeIfAbsent(url, u -> new DrainMetrics(links.registry(), u));
  }

  /** Counts lines dropped because their binding was removed. */
  void droppedUnbound(int lines) {
    dropped.increment(UNBOUND, lines);
  }

  /** The forwarder's own drop counters (reasons {@link #BAD_RECORD}, {@link #OWN_NOTICE}...). */
  ReasonCounters dropped() {
    return dropped;
  }

  /**
   * The URL lost its last binding: its drain drops what it holds, closes its connection and is
   * never dialled again; its meters go. Completes once the drain has let go.
   */
  Future<Void> unbind(String url) {
    gone.add(url);
    Drain d = drains.remove(url);
    Future<Void> done = d == null ? Future.succeededFuture()
        : d.discard(this::droppedUnbound);
    return done.onComplete(ar -> {
      DrainMetrics m = meters.remove(url);
      if (m != null) {
        m.close();
      }
    });
  }

  /** The URL is bound (again): it may be dialled, and its meters are there from now on. */
  void bound(String url) {
    gone.remove(url);
    metersOf(url);
  }

  Iterable<Drain> all() {
    return drains.values();
  }

  int size() {
    return drains.size();
  }

  long failing() {
    return drains.values().stream()
        .filter(d -> d.state() == DrainMetrics.State.BACKOFF).count();
  }

  Future<Void> closeAll() {
    List<Future<Void>> closing = drains.values().stream().map(Drain::close).toList();
    drains.clear();
    return Future.join(closing).mapEmpty();
  }
}
