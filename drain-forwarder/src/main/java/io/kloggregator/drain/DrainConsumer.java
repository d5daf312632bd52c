package io.kloggregator.drain;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.ops.LatencyTimers;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.DrainRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer-group member reading {@link Topics#DRAINS}. Runs on its own thread (the Kafka
 * consumer is single-threaded): decodes each {@code DrainRecord}, hands its line to the record's
 * drain and tracks it in that drain's progress ({@link CommitTracker}); before dispatching past
 * the head it last committed, commits a new head (so the next owner knows what it sends again);
 * every commit interval applies the fall-behind bound and commits, and commits on revocation and
 * on close (detaching the drains still behind). On assignment it takes over the previous owner's
 * per-drain positions and starts a {@link CatchUpReader} for each drain detached behind the
 * committed offset. When a drain's queue of unwritten lines reaches the limit, that drain's
 * further records of the partition are left to a catch-up reader too, so a slow or dead drain
 * falls behind alone and the others go on. Lines of removed bindings are dropped, and unbinding
 * ({@link BindingsWatch}) is applied here; the forwarder's own notice lines go to no drain
 * unless {@code noticesToOtherDrains}, and never to the drain they are about.
 */
final class DrainConsumer implements Runnable, ConsumerRebalanceListener {

  private static final Logger LOG = LoggerFactory.getLogger(DrainConsumer.class);

  private final Consumer<String, byte[]> consumer;
  private final DrainRegistry drains;
  private final BindingsWatch bindings;
  private final ForwarderConfig config;
  private final Map<String, String> drainIds = new HashMap<>();
  private final CommitTracker tracker = new CommitTracker();
  private final Supplier<Consumer<String, byte[]>> readerConsumers;
  private final Map<ReaderKey, CatchUpReader> readers = new HashMap<>();
  /** kloggregator.drain.catchups: times a drain fell behind and got a catch-up reader. */
  private final Counter catchUps;
  /** kloggregator.drain.records: records read from the drain topic. */
  private final Counter records;
  /** kloggregator.drain.fell_behind: times a drain was detached from its partition's commit. */
  private final Counter fellBehind;
  /**
   * kloggregator.drain.head_commit.latency: the synchronous commit of a new head before lines
   * past the last one are dispatched (the consumer waits for it).
   */
  private final Timer headCommit;
  private volatile boolean running = true;
  private volatile boolean alive;
  private volatile int assigned;
  private long lastCommitNanos = System.nanoTime();

  /** One drain's records (by short id) of one partition. */
  private record ReaderKey(String drainId, TopicPartition tp) {
  }

  DrainConsumer(Consumer<String, byte[]> consumer,
      Supplier<Consumer<String, byte[]>> readerConsumers, DrainRegistry drains,
      BindingsWatch bindings, ForwarderConfig config, MeterRegistry registry) {
    this.consumer = consumer;
    this.readerConsumers = readerConsumers;
    this.catchUps = registry.counter("kloggregator.drain.catchups");
    this.drains = drains;
    this.bindings = bindings;
    this.config = config;
    this.records = registry.counter("kloggregator.drain.records");
    this.fellBehind = registry.counter("kloggregator.drain.fell_behind");
    this.headCommit = LatencyTimers.register(registry, "kloggregator.drain.head_commit.latency",
        "synchronous commit of a new head before dispatching past the last one");
  }

  @Override
  public void run() {
    alive = true;
    try {
      consumer.subscribe(List.of(Topics.DRAINS), this);
      while (running) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
        readers.values().removeIf(CatchUpReader::isHandedOver);
        applyBindingChanges();
        reserve(batch);
        dispatch(batch);
        if (System.nanoTime() - lastCommitNanos >= config.timing().commitInterval().toNanos()) {
          ForwarderConfig.Isolation iso = config.isolation();
          fellBehind.increment(tracker.fallBehind(System.nanoTime(), iso.fallBehind().toNanos(),
              iso.fallBehindLines()));
          commitAsync();
        }
      }
      drainBeforeClose();
    } catch (WakeupException e) {
      LOG.debug("consumer woken up to close");
    } catch (RuntimeException e) {
      LOG.error("drain consumer failed; forwarding stopped", e);
    } finally {
      alive = false;
      readers.values().forEach(CatchUpReader::cancel);
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void dispatch(ConsumerRecords<String, byte[]> batch) {
    Map<Drain, List<PendingLine>> out = new LinkedHashMap<>();
    List<CatchUpReader> started = new ArrayList<>();
    long now = System.nanoTime();
    for (TopicPartition tp : batch.partitions()) {
      CommitTracker.Partition track = tracker.track(tp);
      for (ConsumerRecord<String, byte[]> r : batch.records(tp)) {
        records.increment();
        track.read(r.offset());
        DrainRecord record = decode(r.value());
        if (record == null) {
          drains.dropped().increment(DrainRegistry.BAD_RECORD);
          continue;
        }
        String url = record.getDrainUrl();
        if (bindings.isRemoved(record.getBindingId()) || drains.isGone(url)) {
          drains.droppedUnbound(1);
          continue;
        }
        if (!config.isolation().noticesToOtherDrains()
            && NoticeWriter.isNotice(record.getLogMessage())) {
          drains.dropped().increment(DrainRegistry.OWN_NOTICE);
          continue;
        }
        DrainProgress progress = track.drain(drainId(url));
        if (progress.hasAlready(r.offset())) {
          continue;
        }
        ReaderKey key = new ReaderKey(progress.id(), tp);
        CatchUpReader reader = readers.get(key);
        if (reader != null && reader.leaveToReader(r.offset())) {
          continue;
        }
        Drain drain = drains.get(url);
        if (drain == null) {
          drains.droppedUnbound(1);
          continue;
        }
        List<PendingLine> lines = out.computeIfAbsent(drain, d -> new ArrayList<>());
        if (drain.queued() + lines.size() >= config.limits().maxBacklogLines()) {
          reader = reader(new CatchUpReader.Span(tp, track, progress, r.offset(), r.offset()));
          reader.leaveToReader(r.offset());
          readers.put(key, reader);
          started.add(reader);
          continue;
        }
        progress.dispatched(r.offset(), now);
        lines.add(new PendingLine(track, progress, r.offset(), record.getLogMessage(),
            progress.isAgain(r.offset())));
      }
    }
    out.forEach(this::offer);
    started.forEach(this::startReader);
  }

  private void offer(Drain drain, List<PendingLine> lines) {
    Drain d = drain;
    while (d != null && !lines.isEmpty() && !d.offer(lines)) {
      d = drains.replace(d);
    }
    if (d == null) {
      lines.forEach(PendingLine::delivered);
      drains.droppedUnbound(lines.size());
    }
  }

  private CatchUpReader reader(CatchUpReader.Span span) {
    return new CatchUpReader(readerConsumers.get(), span, drains, bindings,
        config.limits().maxBacklogLines());
  }

  private void startReader(CatchUpReader reader) {
    catchUps.increment();
    Thread t = new Thread(reader, "drain-catch-up-" + reader.partition());
    t.setDaemon(true);
    t.start();
  }

  private String drainId(String url) {
    String id = drainIds.get(url);
    if (id == null) {
      if (drainIds.size() >= 100_000) {
        drainIds.clear();
      }
      id = DrainMetrics.shortId(url);
      drainIds.put(url, id);
    }
    return id;
  }

  /** Commits a new head for the partitions this batch reads past the last one, before. */
  private void reserve(ConsumerRecords<String, byte[]> batch) {
    boolean needed = false;
    for (TopicPartition tp : batch.partitions()) {
      List<ConsumerRecord<String, byte[]>> rs = batch.records(tp);
      CommitTracker.Partition track = tracker.track(tp);
      long last = rs.get(rs.size() - 1).offset();
      if (track.needsReserve(last)) {
        track.reserve(rs.get(0).offset(), last);
        needed = true;
      }
    }
    if (!needed) {
      return;
    }
    // Not the interval's commit: the fall-behind bound is applied on its own schedule.
    long began = System.nanoTime();
    try {
      consumer.commitSync(tracker.committable(), Duration.ofSeconds(10));
      headCommit.record(System.nanoTime() - began, java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (WakeupException e) {
      throw e;
    } catch (org.apache.kafka.common.KafkaException e) {
      LOG.warn("committing the new head failed ({}); lines sent again after a crash now may "
          + "go uncounted", e.toString());
    }
  }

  /** Applies unbinding and rebinding seen by the bindings watch (consumer thread). */
  private void applyBindingChanges() {
    for (BindingsWatch.Change c; (c = bindings.nextChange()) != null; ) {
      if (c.bound()) {
        drains.bound(c.url());
        continue;
      }
      String id = DrainMetrics.shortId(c.url());
      readers.entrySet().removeIf(e -> {
        if (e.getKey().drainId().equals(id)) {
          e.getValue().cancel();
          return true;
        }
        return false;
      });
      tracker.forgetDrain(id);
      drains.unbind(c.url());
      LOG.info("drain {} unbound", id);
    }
  }

  private static DrainRecord decode(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      DrainRecord r = DrainRecord.parseFrom(value);
      return r.hasLogMessage() && !r.getDrainUrl().isEmpty() ? r : null;
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  private void commitAsync() {
    lastCommitNanos = System.nanoTime();
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
    if (!offsets.isEmpty()) {
      consumer.commitAsync(offsets, (o, e) -> {
        if (e != null) {
          LOG.warn("commit failed (will retry with later offsets): {}", e.toString());
        }
      });
    }
  }

  private void drainBeforeClose() {
    consumer.pause(consumer.assignment());
    long end = System.nanoTime() + config.timing().settle().multipliedBy(3).toNanos();
    while (tracker.pending() > 0 && System.nanoTime() < end) {
      consumer.poll(Duration.ofMillis(50)).isEmpty();
    }
    tracker.detachAll();
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
    if (!offsets.isEmpty()) {
      consumer.commitSync(offsets, Duration.ofSeconds(5));
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    readers.entrySet().removeIf(e -> {
      if (partitions.contains(e.getKey().tp())) {
        e.getValue().cancel();
        return true;
      }
      return false;
    });
    for (TopicPartition tp : partitions) {
      CommitTracker.Partition p = tracker.track(tp);
      drains.all().forEach(d -> d.purge(p));
      OffsetAndMetadata o = tracker.forget(tp);
      if (o != null) {
        offsets.put(tp, o);
      }
    }
    if (!offsets.isEmpty()) {
      consumer.commitSync(offsets, Duration.ofSeconds(5));
    }
    assigned = consumer.assignment().size() - partitions.size();
    LOG.info("revoked {}", partitions);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    assigned = consumer.assignment().size();
    LOG.info("assigned {}", partitions);
    if (partitions.isEmpty()) {
      return;
    }
    // Without the previous owner's metadata, detached drains' positions would be lost: retry,
    // and fail the consumer (health down) rather than go on without them.
    Map<TopicPartition, OffsetAndMetadata> committed = null;
    for (int attempt = 1; committed == null; attempt++) {
      try {
        committed = consumer.committed(Set.copyOf(partitions), Duration.ofSeconds(10));
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        if (attempt == 3) {
          throw e;
        }
        LOG.warn("reading the committed positions of {} timed out; retrying", partitions);
      }
    }
    committed.entrySet().forEach(e -> {
      TopicPartition tp = e.getKey();
      OffsetAndMetadata om = e.getValue();
      if (om != null) {
        takeOver(tp, om);
      }
    });
  }

  /** Restores what the previous owner committed; catches up the drains it detached behind. */
  private void takeOver(TopicPartition tp, OffsetAndMetadata om) {
    ProgressMetadata previous = ProgressMetadata.decode(om.metadata());
    CommitTracker.Partition track = tracker.track(tp);
    track.restore(om.offset(), previous);
    previous.drains().forEach((id, p) -> {
      if (p.position() < om.offset()) {
        CatchUpReader reader = reader(new CatchUpReader.Span(tp, track, track.drain(id),
            p.position(), om.offset()));
        readers.put(new ReaderKey(id, tp), reader);
        startReader(reader);
      }
    });
    if (!previous.drains().isEmpty()) {
      LOG.info("{}: {} detached drains taken over at offset {}", tp, previous.drains().size(),
          om.offset());
    }
  }

  boolean isAlive() {
    return alive;
  }

  int assignedPartitions() {
    return assigned;
  }

  void stop() {
    running = false;
  }

  void wakeup() {
    consumer.wakeup();
  }
}
