package io.kloggregator.drain;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.DrainRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * drain and tracks the offset in the {@link CommitTracker}; commits the
 * tracked positions every commit interval, on revocation and on close. When a drain's queue of
 * unwritten lines reaches the limit, that drain's further records of the partition are left to
 * a {@link CatchUpReader}, so a slow or dead drain falls behind alone and the others go on.
 */
final class DrainConsumer implements Runnable, ConsumerRebalanceListener {

  private static final Logger LOG = LoggerFactory.getLogger(DrainConsumer.class);

  private final Consumer<String, byte[]> consumer;
  private final DrainRegistry drains;
  private final ForwarderConfig config;
  private final CommitTracker tracker = new CommitTracker();
  private final Supplier<Consumer<String, byte[]>> readerConsumers;
  private final Map<ReaderKey, CatchUpReader> readers = new HashMap<>();
  /** kloggregator.drain.catchups: times a drain fell behind and got a catch-up reader. */
  private final Counter catchUps;
  /** kloggregator.drain.records: records read from the drain topic. */
  private final Counter records;
  /** kloggregator.drain.dropped{reason=bad_record}: records that are not a DrainRecord. */
  private final Counter badRecords;
  private volatile boolean running = true;
  private volatile boolean alive;
  private volatile int assigned;
  private long lastCommitNanos = System.nanoTime();

  /** One drain's records of one partition. */
  private record ReaderKey(String url, TopicPartition tp) {
  }

  DrainConsumer(Consumer<String, byte[]> consumer,
      Supplier<Consumer<String, byte[]>> readerConsumers, DrainRegistry drains,
      ForwarderConfig config, MeterRegistry registry) {
    this.consumer = consumer;
    this.readerConsumers = readerConsumers;
    this.catchUps = registry.counter("kloggregator.drain.catchups");
    this.drains = drains;
    this.config = config;
    this.records = registry.counter("kloggregator.drain.records");
    this.badRecords = registry.counter("kloggregator.drain.dropped", "reason", "bad_record");
  }

  @Override
  public void run() {
    alive = true;
    try {
      consumer.subscribe(List.of(Topics.DRAINS), this);
      while (running) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
        readers.values().removeIf(CatchUpReader::isHandedOver);
        dispatch(batch);
        if (System.nanoTime() - lastCommitNanos >= config.timing().commitInterval().toNanos()) {
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
    for (TopicPartition tp : batch.partitions()) {
      CommitTracker.Partition track = tracker.track(tp);
      for (ConsumerRecord<String, byte[]> r : batch.records(tp)) {
        records.increment();
        DrainRecord record = decode(r.value());
        if (record == null) {
          badRecords.increment();
          track.dispatched(r.offset());
          track.done(r.offset());
          continue;
        }
        String url = record.getDrainUrl();
        ReaderKey key = new ReaderKey(url, tp);
        CatchUpReader reader = readers.get(key);
        if (reader != null && reader.leaveToReader(r.offset())) {
          track.skipped(r.offset());
          continue;
        }
        Drain drain = drains.get(url);
        List<PendingLine> lines = out.computeIfAbsent(drain, d -> new ArrayList<>());
        if (drain.queued() + lines.size() >= config.limits().maxBacklogLines()) {
          reader = new CatchUpReader(readerConsumers.get(), tp, track, url, drains,
              config.limits().maxBacklogLines(), r.offset());
          reader.leaveToReader(r.offset());
          track.skipped(r.offset());
          readers.put(key, reader);
          started.add(reader);
          continue;
        }
        track.dispatched(r.offset());
        lines.add(new PendingLine(track, r.offset(), record.getLogMessage()));
      }
    }
    out.forEach((drain, lines) -> {
      Drain d = drain;
      while (!lines.isEmpty() && !d.offer(lines)) {
        d = drains.replace(d);
      }
    });
    for (CatchUpReader reader : started) {
      catchUps.increment();
      Thread t = new Thread(reader, "drain-catch-up-" + reader.partition());
      t.setDaemon(true);
      t.start();
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
