package io.kloggregator.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One counter family with a {@code reason} tag ({@code kloggregator.gateway.dropped{reason}} and
 * the like), every known reason registered at 0 when the component starts, so an alert on
 * {@code rate(...)} or {@code increase(...)} can be written before the first event. A reason not
 * known up front is registered when it first happens. A family may carry fixed tags besides the
 * reason (a drain's own failures: {@code drain=ID}) and be removed as a whole ({@link #remove}).
 * Thread-safe.
 */
public final class ReasonCounters {

  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final Tags tags;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /** Registers {@code name{reason=r}} at 0 for each of {@code known}. */
  public ReasonCounters(MeterRegistry registry, String name, String description,
      Collection<String> known) {
    this(registry, name, description, Tags.empty(), known);
  }

  /** Registers {@code name{tags..., reason=r}} at 0 for each of {@code known}. */
  public ReasonCounters(MeterRegistry registry, String name, String description, Tags tags,
      Collection<String> known) {
    this.registry = registry;
    this.name = name;
    this.description = description;
    this.tags = tags;
    known.forEach(this::counter);
  }

  /** Counts one event of {@code reason}. */
  public void increment(String reason) {
    counter(reason).increment();
  }

  /** Counts {@code count} events of {@code reason}. */
  public void increment(String reason, long count) {
    counter(reason).increment(count);
  }

  /** Events of {@code reason} so far (0 for a reason never seen). */
  public long count(String reason) {
    Counter counter = counters.get(reason);
    return counter == null ? 0 : (long) counter.count();
  }

  /** Events of every reason so far. */
  public long total() {
    return (long) counters.values().stream().mapToDouble(Counter::count).sum();
  }

  /** Removes this family's counters from the registry (its owner is gone). */
  public void remove() {
    counters.values().forEach(registry::remove);
  }

  private Counter counter(String reason) {
    return counters.computeIfAbsent(reason, r -> Counter.builder(name).description(description)
        .tags(tags).tag("reason", r).register(registry));
  }
}
