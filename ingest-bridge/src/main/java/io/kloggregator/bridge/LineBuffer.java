package io.kloggregator.bridge;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The bounded in-memory buffer between the listeners and Kafka: one FIFO per app, served round
 * robin so one busy app cannot hold the rest back. When a line does not fit, the oldest lines of
 * the app holding the most bytes are dropped (drop-oldest per app); an app over its rate limit has
 * the excess dropped. Either way the loss is counted and the app gets one synthetic notice ahead
 * of its next line. Thread-safe: listeners offer, one {@link KafkaSender} drains.
 */
final class LineBuffer {

  /** Lines an app may hand over per round-robin turn. */
  private static final int TURN_LINES = 64;
  private static final long PRUNE_INTERVAL_NANOS = 10_000_000_000L;
  /** An app gets at most one loss notice per second; later losses join the held notice. */
  static final long NOTICE_INTERVAL_NANOS = 1_000_000_000L;
  private static final long HELD_CHECK_NANOS = 100_000_000L;
  /**
   * While lines keep coming the drainer polls at this period instead of being woken per line:
   * it batches, and spares a wake-up (a futex call and a context switch) per datagram.
   */
  private static final long BUSY_POLL_NANOS = 1_000_000L;

  private final long capacityBytes;
  private final int appLinesPerSecond;
  private final LongSupplier nanoClock;
  private final BridgeMetrics metrics;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition hasWork = lock.newCondition();
  // All below are guarded by lock.
  private final Map<String, AppQueue> apps = new HashMap<>();
  /** Apps with lines or a notice due, each at most once. */
  private final ArrayDeque<AppQueue> ready = new ArrayDeque<>();
  /** Apps with no lines whose notice waits for its interval; not in {@link #ready}. */
  private final ArrayDeque<AppQueue> held = new ArrayDeque<>();
  private long bytes;
  private long lines;
  private long lastPruneNanos;
  /** The drainer found nothing in its last poll and now waits for a signal. */
  private boolean drainerIdle;

  LineBuffer(long capacityBytes, int appLinesPerSecond, LongSupplier nanoClock,
      BridgeMetrics metrics) {
    this.capacityBytes = capacityBytes;
    this.appLinesPerSecond = appLinesPerSecond;
    this.nanoClock = nanoClock;
    this.metrics = metrics;
    this.lastPruneNanos = nanoClock.getAsLong();
  }

  /** Queues {@code line}, dropping (and counting) per the rate limit and the capacity. */
  void offer(BufferedLine line) {
    lock.lock();
    try {
      AppQueue app = apps.computeIfAbsent(line.appId(), AppQueue::new);
      if (appLinesPerSecond > 0 && !app.bucket(appLinesPerSecond, nanoClock).tryTake(
          nanoClock.getAsLong())) {
        drop(app, line, DropSpan.Cause.RATE_LIMITED);
        return;
      }
      int weight = line.weight();
      while (bytes + weight > capacityBytes && lines > 0) {
        AppQueue victim = victimFor(app);
        BufferedLine oldest = victim.lines.pollFirst();
        victim.bytes -= oldest.weight();
        bytes -= oldest.weight();
        lines--;
        drop(victim, oldest, DropSpan.Cause.BUFFER_FULL);
      }
      app.lines.addLast(line);
      app.bytes += weight;
      bytes += weight;
      lines++;
      markReady(app);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves up to {@code maxLines} lines (about {@code maxBytes}) into {@code out}, notices first,
   * waiting up to {@code timeoutNanos} for any. Returns how many were moved.
   */
  int drainTo(List<BufferedLine> out, int maxLines, long maxBytes, long timeoutNanos)
      throws InterruptedException {
    lock.lock();
    try {
      long wait = timeoutNanos;
      boolean polledOnce = false;
      releaseDueNotices();
      while (ready.isEmpty()) {
        if (wait <= 0) {
          return 0;
        }
        long slept = Math.min(wait, polledOnce
            ? (held.isEmpty() ? wait : HELD_CHECK_NANOS) : BUSY_POLL_NANOS);
        drainerIdle = polledOnce;
        wait -= slept - hasWork.awaitNanos(slept);
        drainerIdle = false;
        polledOnce = true;
        releaseDueNotices();
      }
      int moved = 0;
      long movedBytes = 0;
      long now = nanoClock.getAsLong();
      while (moved < maxLines && movedBytes < maxBytes && !ready.isEmpty()) {
        AppQueue app = ready.pollFirst();
        if (app.drops != null && app.isNoticeDue(now)) {
          out.add(app.drops.toNotice(app.appId));
          app.drops = null;
          app.lastNoticeNanos = now;
          app.noticed = true;
          moved++;
        }
        for (int turn = 0; turn < TURN_LINES && moved < maxLines && !app.lines.isEmpty(); turn++) {
          BufferedLine line = app.lines.pollFirst();
          app.bytes -= line.weight();
          bytes -= line.weight();
          lines--;
          movedBytes += line.weight();
          out.add(line);
          moved++;
        }
        if (!app.lines.isEmpty()) {
          ready.addLast(app);
        } else if (app.drops != null) {
          app.held = true;
          held.addLast(app);
        } else {
          app.queued = false;
        }
      }
      pruneIdleApps();
      return moved;
    } finally {
      lock.unlock();
    }
  }

  private void releaseDueNotices() {
    if (held.isEmpty()) {
      return;
    }
    long now = nanoClock.getAsLong();
    for (Iterator<AppQueue> it = held.iterator(); it.hasNext(); ) {
      AppQueue app = it.next();
      if (app.isNoticeDue(now)) {
        it.remove();
        app.held = false;
        ready.addLast(app);
      }
    }
  }

  /** Wakes a waiting {@link #drainTo} so its caller can notice it is closing. */
  void wakeUp() {
    lock.lock();
    try {
      hasWork.signalAll();
    } finally {
      lock.unlock();
    }
  }

  long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  long lines() {
    lock.lock();
    try {
      return lines;
    } finally {
      lock.unlock();
    }
  }

  private void drop(AppQueue app, BufferedLine line, DropSpan.Cause cause) {
    if (app.drops == null) {
      app.drops = new DropSpan();
    }
    app.drops.add(line.timestampNanos(), cause);
    metrics.dropped(cause);
    markReady(app);
  }

  private void markReady(AppQueue app) {
    if (app.held && !app.lines.isEmpty()) {
      held.remove(app);
      app.held = false;
      ready.addLast(app);
      wakeIdleDrainer();
    } else if (!app.queued) {
      app.queued = true;
      ready.addLast(app);
      wakeIdleDrainer();
    }
  }

  private void wakeIdleDrainer() {
    if (drainerIdle) {
      drainerIdle = false;
      hasWork.signal();
    }
  }

  /** The arriving app pays when it holds at least its fair share, else the biggest app does. */
  private AppQueue victimFor(AppQueue arriving) {
    if (!arriving.lines.isEmpty() && arriving.bytes * apps.size() >= bytes) {
      return arriving;
    }
    AppQueue biggest = arriving;
    for (AppQueue app : ready) {
      if (app.bytes > biggest.bytes) {
        biggest = app;
      }
    }
    return biggest;
  }

  private void pruneIdleApps() {
    long now = nanoClock.getAsLong();
    if (now - lastPruneNanos < PRUNE_INTERVAL_NANOS) {
      return;
    }
    lastPruneNanos = now;
    for (Iterator<AppQueue> it = apps.values().iterator(); it.hasNext(); ) {
      AppQueue app = it.next();
      if (!app.queued && (app.bucket == null || app.bucket.isIdle(now))) {
        it.remove();
      }
    }
  }

  /** One app's pending lines and loss; guarded by the buffer's lock. */
  private static final class AppQueue {
    final String appId;
    final ArrayDeque<BufferedLine> lines = new ArrayDeque<>();
    long bytes;
    /** In {@link #ready} or {@link #held}. */
    boolean queued;
    /** In {@link #held}: no lines, a notice waiting for its interval. */
    boolean held;
    DropSpan drops;
    RateBucket bucket;
    boolean noticed;
    long lastNoticeNanos;

    AppQueue(String appId) {
      this.appId = appId;
    }

    boolean isNoticeDue(long now) {
      return !noticed || now - lastNoticeNanos >= NOTICE_INTERVAL_NANOS;
    }

    RateBucket bucket(int linesPerSecond, LongSupplier clock) {
      if (bucket == null) {
        bucket = new RateBucket(linesPerSecond, clock.getAsLong());
      }
      return bucket;
    }
  }
}
