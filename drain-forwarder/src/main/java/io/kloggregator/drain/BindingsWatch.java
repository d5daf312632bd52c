package io.kloggregator.drain;

import io.kloggregator.schemas.TopicLookup;
import io.kloggregator.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted bindings topic ({@link Topics#BINDINGS}, the router's mirror of etcd)
 * with its own group-less consumer, from the start, so the forwarder knows which bindings were
 * removed: {@link #isRemoved} for records still in the drain topic, and a {@link Change} the
 * {@link DrainConsumer} applies on its thread when a URL loses its last binding (discarding the
 * drain) or gets one (registering its meters; after {@link #load}, one for every URL bound).
 * {@link #load} reads to the end before the forwarder consumes; {@link #run} then follows on its
 * own daemon thread until {@link #close}. A binding whose tombstone was compacted away before
 * this forwarder started is not known as removed.
 */
final class BindingsWatch implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BindingsWatch.class);

  /** A URL that lost its last binding ({@code bound} false) or got one again. */
  record Change(String url, boolean bound) {
  }

  private final Consumer<String, String> consumer;
  private final Set<String> removed = ConcurrentHashMap.newKeySet();
  private final Queue<Change> changes = new ConcurrentLinkedQueue<>();
  // Watch thread only (and the caller of load, before the thread starts).
  private final Map<String, String> bound = new HashMap<>();
  private boolean present;
  private volatile boolean closed;

  BindingsWatch(Consumer<String, String> consumer) {
    this.consumer = consumer;
  }

  /** Reads the topic to its current end; false when it does not exist (nothing is removed). */
  boolean load(Duration limit) {
    List<TopicPartition> tps = TopicLookup.partitions(consumer, Topics.BINDINGS, limit).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    if (tps.isEmpty()) {
      LOG.warn("no topic {}: unbinding is not followed", Topics.BINDINGS);
      return false;
    }
    consumer.assign(tps);
    consumer.seekToBeginning(tps);
    Map<TopicPartition, Long> end = consumer.endOffsets(tps, limit);
    long deadline = System.nanoTime() + limit.toNanos();
    while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("could not read " + Topics.BINDINGS + " within "
            + limit);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(this::apply);
    }
    // What is bound now, once per URL: the drains' meters are there from the start.
    changes.clear();
    bound.values().stream().distinct().forEach(url -> changes.add(new Change(url, true)));
    present = true;
    LOG.info("{} bindings known, {} removed", bound.size(), removed.size());
    return true;
  }

  @Override
  public void run() {
    if (!present) {
      return;
    }
    try {
      while (!closed) {
        consumer.poll(Duration.ofMillis(200)).forEach(this::apply);
      }
    } catch (WakeupException e) {
      LOG.debug("bindings watch woken up to close");
    } catch (RuntimeException e) {
      LOG.error("bindings watch failed; unbinding is no longer followed", e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void apply(ConsumerRecord<String, String> r) {
    String id = r.key();
    if (id == null) {
      return;
    }
    if (r.value() != null) {
      removed.remove(id);
      String before = bound.put(id, r.value());
      if (!r.value().equals(before)) {
        changes.add(new Change(r.value(), true));
      }
      if (before != null && !before.equals(r.value())) {
        unbound(before);
      }
      return;
    }
    removed.add(id);
    String url = bound.remove(id);
    if (url != null) {
      unbound(url);
    }
  }

  private void unbound(String url) {
    if (!bound.containsValue(url)) {
      changes.add(new Change(url, false));
    }
  }

  /** True when binding {@code bindingId} was removed (and not bound again). Any thread. */
  boolean isRemoved(String bindingId) {
    return removed.contains(bindingId);
  }

  /** The next change to apply, or null. Any thread. */
  Change nextChange() {
    return changes.poll();
  }

  @Override
  public void close() {
    closed = true;
    if (present) {
      consumer.wakeup();
    } else {
      consumer.close(Duration.ofSeconds(2));
    }
  }
}
