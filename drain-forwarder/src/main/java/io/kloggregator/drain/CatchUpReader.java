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
 * Lets one drain fall behind on its own. When a drain's queue is full, the live consumer leaves
 * that drain's records of one partition, from offset {@code from} on, to this reader and goes on
 * with the other drains. The reader re-reads the partition from {@code from} with its own
 * group-less consumer, feeds the drain's records to it as its queue drains, and holds the
 * partition's commit at its read position. It hands back to the live consumer once it has read
 * everything the live consumer skipped: the two agree under this object's lock on {@code live},
 * the offset after the last record the live consumer left here, so each record is delivered by
 * exactly one of them, in order. Runs on its own daemon thread; {@link #cancel} stops it.
 */
final class CatchUpReader implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(CatchUpReader.class);

  private final Consumer<String, byte[]> consumer;
  private final TopicPartition tp;
  private final CommitTracker.Partition track;
  private final String url;
  private final DrainRegistry drains;
  private final int maxQueued;
  private final long from;
  private long live; // guarded by this
  private boolean handedOver; // guarded by this
  private volatile boolean cancelled;

  CatchUpReader(Consumer<String, byte[]> consumer, TopicPartition tp,
      CommitTracker.Partition track, String url, DrainRegistry drains, int maxQueued, long from) {
    this.consumer = consumer;
    this.tp = tp;
    this.track = track;
    this.url = url;
    this.drains = drains;
    this.maxQueued = maxQueued;
    this.from = from;
    this.live = from;
    track.hold(this, from);
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
    LOG.info("drain {} fell behind on {}; catching up from offset {}",
        DrainMetrics.shortId(url), tp, from);
    try {
      consumer.assign(List.of(tp));
      consumer.seek(tp, from);
      boolean paused = false;
      while (!cancelled) {
        int queued = drains.get(url).queued();
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
        track.hold(this, consumer.position(tp));
      }
      LOG.info("drain {} caught up on {}", DrainMetrics.shortId(url), tp);
    } catch (WakeupException e) {
      LOG.debug("catch-up of {} cancelled", tp);
    } catch (RuntimeException e) {
      LOG.error("catch-up of drain {} on {} failed; its lines stay uncommitted",
          DrainMetrics.shortId(url), tp, e);
      return;
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
    if (!cancelled) {
      track.release(this);
    }
  }

  /** Offers this drain's records; true when a record past the live position ended the run. */
  private boolean deliver(List<ConsumerRecord<String, byte[]>> batch) {
    List<PendingLine> lines = new ArrayList<>();
    boolean done = false;
    for (ConsumerRecord<String, byte[]> r : batch) {
      DrainRecord record = decode(r.value());
      if (record == null || !url.equals(record.getDrainUrl())) {
        continue;
      }
      if (!isMine(r.offset())) {
        done = true;
        break;
      }
      track.pendingOnly(r.offset());
      lines.add(new PendingLine(track, r.offset(), record.getLogMessage()));
    }
    Drain d = drains.get(url);
    while (!lines.isEmpty() && !d.offer(lines)) {
      d = drains.replace(d);
    }
    return done;
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
