package io.kloggregator.drain;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.proto.DrainRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets one drain fall behind on its own. When a drain's queue is full, or when a new owner of
 * the partition finds the drain detached behind the committed offset, the live consumer leaves
 * that drain's records of one partition, from offset {@code from} on, to this reader and goes on
 * with the other drains. The reader re-reads the partition from {@code from} with its own
 * group-less consumer, feeds the drain's records (matched by the drain's short id) to it as its
 * queue drains, and holds the drain's position ({@link DrainProgress}) at its read position. It
 * skips the lines of removed bindings. It hands back to the live consumer once it has read
 * everything the live consumer skipped: the two agree under this object's lock on {@code live},
 * the offset after the last record the live consumer left here, so each record is delivered by
 * exactly one of them, in order. Runs on its own daemon thread; {@link #cancel} stops it.
 */
final class CatchUpReader implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(CatchUpReader.class);

  private final Consumer<String, byte[]> consumer;
  private final TopicPartition tp;
  private final CommitTracker.Partition track;
  private final DrainProgress progress;
  private final DrainRegistry drains;
  private final BindingsWatch bindings;
  private final int maxQueued;
  private final long from;
  private volatile String url; // learned from the first record when restored
  private long live; // guarded by this
  private boolean handedOver; // guarded by this
  private volatile boolean cancelled;

  /** Where the reader reads, what it reads for, and which offset the live consumer reached. */
  record Span(TopicPartition tp, CommitTracker.Partition track, DrainProgress progress,
      long from, long live) {
  }

  CatchUpReader(Consumer<String, byte[]> consumer, Span span, DrainRegistry drains,
      BindingsWatch bindings, int maxQueued) {
    this.consumer = consumer;
    this.tp = span.tp();
    this.track = span.track();
    this.progress = span.progress();
    this.drains = drains;
    this.bindings = bindings;
    this.maxQueued = maxQueued;
    this.from = span.from();
    this.live = Math.max(span.from(), span.live());
    progress.hold(from);
  }

  /**
   * Live consumer: true when record {@code offset} of this drain is left to this reader (skip
   * it); false once the reader has handed over (deliver it as usual).
   */
  synchronized boolean leaveToReader(long offset) {
    if (handedOver) {
      return false;
    }
    live = Math.max(live, offset + 1);
    return true;
  }

  synchronized boolean isHandedOver() {
    return handedOver;
  }

  private synchronized boolean isMine(long offset) {
    if (!handedOver && offset < live) {
      return true;
    }
    handedOver = true;
    return false;
  }

  private synchronized boolean handOverAt(long position) {
    if (position >= live) {
      handedOver = true;
    }
    return handedOver;
  }

  @Override
  public void run() {
    LOG.info("drain {} fell behind on {}; catching up from offset {}", progress.id(), tp, from);
    try {
      consumer.assign(List.of(tp));
      consumer.seek(tp, from);
      boolean paused = false;
      while (!cancelled) {
        int queued = queued();
        if (paused && queued <= maxQueued / 2) {
          consumer.resume(List.of(tp));
          paused = false;
        } else if (!paused && queued >= maxQueued) {
          consumer.pause(List.of(tp));
          paused = true;
        }
        List<ConsumerRecord<String, byte[]>> batch = consumer.poll(Duration.ofMillis(100))
            .records(tp);
        if (deliver(batch) || handOverAt(consumer.position(tp))) {
          break;
        }
        progress.hold(consumer.position(tp));
      }
      LOG.info("drain {} caught up on {}", progress.id(), tp);
    } catch (WakeupException e) {
      LOG.debug("catch-up of {} cancelled", tp);
    } catch (RuntimeException e) {
      LOG.error("catch-up of drain {} on {} failed; its lines stay uncommitted",
          progress.id(), tp, e);
      return;
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
    if (!cancelled) {
      progress.release();
    }
  }

  /** Offers this drain's records; true when a record past the live position ended the run. */
  private boolean deliver(List<ConsumerRecord<String, byte[]>> batch) {
    List<PendingLine> lines = new ArrayList<>();
    boolean done = false;
    for (ConsumerRecord<String, byte[]> r : batch) {
      DrainRecord record = decode(r.value());
      if (record == null || !isThisDrain(record.getDrainUrl())) {
        continue;
      }
      if (!isMine(r.offset())) {
        done = true;
        break;
      }
      if (bindings.isRemoved(record.getBindingId())) {
        drains.droppedUnbound(1);
        continue;
      }
      progress.dispatched(r.offset(), System.nanoTime());
      lines.add(new PendingLine(track, progress, r.offset(), record.getLogMessage(),
          progress.isAgain(r.offset())));
    }
    if (lines.isEmpty()) {
      return done;
    }
    Drain d = drains.get(url);
    while (d != null && !d.offer(lines)) {
      d = drains.replace(d);
    }
    if (d == null) {
      lines.forEach(PendingLine::delivered);
      drains.droppedUnbound(lines.size());
    }
    return done;
  }

  private boolean isThisDrain(String recordUrl) {
    if (url != null) {
      return url.equals(recordUrl);
    }
    if (DrainMetrics.shortId(recordUrl).equals(progress.id())) {
      url = recordUrl;
      return true;
    }
    return false;
  }

  private int queued() {
    String u = url;
    Drain d = u == null ? null : drains.get(u);
    return d == null ? 0 : d.queued();
  }

  /** The URL this reader feeds, or null while it has not seen one of its records. */
  String url() {
    return url;
  }

  String drainId() {
    return progress.id();
  }

  private static DrainRecord decode(byte[] value) {
    try {
      return value == null ? null : DrainRecord.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  /** Stops the reader; its hold stays until the partition is forgotten. */
  void cancel() {
    cancelled = true;
    consumer.wakeup();
  }

  TopicPartition partition() {
    return tp;
  }
}
