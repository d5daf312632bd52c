package io.kloggregator.drain;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open drains by URL, one {@link Drain} (and so one connection) per distinct URL whatever
 * the number of apps bound to it. Drains are spread round-robin over the event-loop contexts
 * given. Thread-safe: the consumer thread looks drains up, drains remove themselves when idle.
 */
final class DrainRegistry {

  private final Map<String, Drain> drains = new ConcurrentHashMap<>();
  private final List<Context> contexts;
  private final DrainLinks links;
  private final AtomicInteger next = new AtomicInteger();

  DrainRegistry(List<Context> contexts, DrainLinks links) {
    this.contexts = List.copyOf(contexts);
    this.links = links;
  }

  Drain get(String url) {
    return drains.computeIfAbsent(url, u -> new Drain(u,
        contexts.get(Math.floorMod(next.getAndIncrement(), contexts.size())), links,
        d -> drains.remove(d.url(), d)));
  }

  /** Replaces a drain that closed between lookup and offer. */
  Drain replace(Drain closed) {
    drains.remove(closed.url(), closed);
    return get(closed.url());
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
