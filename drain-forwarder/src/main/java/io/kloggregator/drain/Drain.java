package io.kloggregator.drain;

import io.kloggregator.ops.Backoff;
import io.vertx.core.Context;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One drain URL and its one connection. The consumer thread hands it lines ({@link #offer});
 * everything else runs on the drain's own Vert.x context: connecting with backoff, writing in
 * batches while the socket's write queue has room ({@code writeQueueFull}/{@code drainHandler}),
 * and settling. A batch is settled, and its lines marked delivered for the commit, once the
 * socket took it and the connection then stayed up, and kept taking data, for {@code settle};
 * when the connection
 * drops before that, its unsettled lines go back to the head of the queue and are sent again
 * (counted as resent), so a receiver that dies with lines in its socket buffer still gets them.
 * The drain closes its connection after {@code idle} without lines and with nothing queued (its
 * meters stay with the {@link DrainRegistry} while the URL is bound); {@link #discard} ends it
 * for good when the URL is unbound. Notice lines about this drain itself are never written to
 * it.
 */
final class Drain {

  private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
  private final String rawUrl;
  private final Context context;
  private final DrainLinks links;
  private final DrainMetrics metrics;
  private final Backoff backoff;
  private final Consumer<Drain> onClosed;
  // Shared with the consumer thread.
  private final ConcurrentLinkedQueue<PendingLine> inbox = new ConcurrentLinkedQueue<>();
  /** Lines accepted and not yet settled (the backlog gauge). */
  private final AtomicInteger backlog = new AtomicInteger();
  /** Lines accepted and not yet written (the bound the consumer checks). */
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile long lastOfferNanos = System.nanoTime();
  private volatile DrainMetrics.State state = DrainMetrics.State.IDLE;
  private volatile boolean closed; // set under this, with the inbox check
  // Confined to the context.
  private final DrainUrl url; // null when refused
  private RefusedUrlException refused;
  private final ArrayDeque<PendingLine> queue = new ArrayDeque<>();
  private final SettleWindow unsettled;
  private final DrainNotices notices;
  private DrainLink link;
  private long generation;
  private boolean everConnected;
  private long timerId = -1;

  Drain(String rawUrl, Context context, DrainLinks links, DrainMetrics metrics,
      Consumer<Drain> onClosed) {
    this.rawUrl = rawUrl;
    this.context = context;
    this.links = links;
    this.onClosed = onClosed;
    DrainUrl parsed = null;
    try {
      parsed = DrainUrl.parse(rawUrl, links.config().policy());
    } catch (RefusedUrlException e) {
      refused = e;
      state = DrainMetrics.State.REFUSED;
    }
    this.url = parsed;
    this.backoff = new Backoff(links.config().timing().backoffMin(),
        links.config().timing().backoffMax());
    this.unsettled = new SettleWindow(links.config().timing().settle().toNanos());
    this.notices = new DrainNotices(links.notices(), links.clock(),
        links.config().timing().notice().toNanos());
    this.metrics = metrics;
    metrics.follow(backlog::get, () -> state);
    context.runOnContext(v -> timerId = context.owner().setPeriodic(100, t -> tick()));
  }

  String url() {
    return rawUrl;
  }

  /** Lines waiting to be written; what {@code MAX_BACKLOG_LINES} bounds. */
  int queued() {
    return queued.get();
  }

  DrainMetrics.State state() {
    return state;
  }

  /** Queues lines (consumer thread); false when the drain has closed, take a new one. */
  boolean offer(List<PendingLine> lines) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      backlog.addAndGet(lines.size());
      queued.addAndGet(lines.size());
      inbox.addAll(lines);
      lastOfferNanos = System.nanoTime();
    }
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> pump());
    }
    return true;
  }

  /** Drops queued, unwritten lines of a partition given up in a rebalance. */
  void purge(CommitTracker.Partition partition) {
    context.runOnContext(v -> {
      pump();
      int before = queue.size();
      queue.removeIf(l -> l.partition() == partition);
      backlog.addAndGet(queue.size() - before);
      queued.addAndGet(queue.size() - before);
    });
  }

  private void pump() {
    scheduled.set(false);
    int own = 0;
    for (PendingLine l; (l = inbox.poll()) != null; ) {
      // isNotice first: most lines are not, and the display string is built per call.
      if (NoticeWriter.isNotice(l.message())
          && NoticeWriter.isAbout(l.message(), displayRaw())) {
        l.delivered();
        own++;
        continue;
      }
      queue.add(l);
      notices.seen(l.appId());
    }
    if (own > 0) {
      backlog.addAndGet(-own);
      queued.addAndGet(-own);
    }
    if (closed) {
      return;
    }
    switch (state) {
      case REFUSED -> dropRefused();
      case IDLE -> connect();
      case CONNECTED -> writeMore();
      default -> { }
    }
  }

  private void connect() {
    if (queue.isEmpty() || closed) {
      return;
    }
    state = DrainMetrics.State.CONNECTING;
    long gen = ++generation;
    links.connector().open(url).onComplete(ar -> {
      if (ar.succeeded()) {
        connected(gen, ar.result());
      } else if (ar.cause() instanceof RefusedUrlException e) {
        refused = e;
        state = DrainMetrics.State.REFUSED;
        LOG.warn("drain {} refused: {}", metrics.id, e.getMessage());
        dropRefused();
      } else {
        linkDown(gen, LinkFailure.of(ar.cause(), true));
      }
    });
  }

  private void connected(long gen, DrainLink l) {
    if (closed || gen != generation) {
      l.close();
      return;
    }
    link = l;
    state = DrainMetrics.State.CONNECTED;
    if (everConnected) {
      metrics.reconnects.increment();
    }
    everConnected = true;
    LOG.info("drain {} connected to {}", metrics.id, url.display());
    l.handlers(v -> writeMore(), failure -> linkDown(gen, failure));
    writeMore();
  }

  private void writeMore() {
    while (state == DrainMetrics.State.CONNECTED && !queue.isEmpty() && !link.isFull()) {
      DrainLink.Sending sending = link.send(queue);
      if (sending == null) {
        return;
      }
      List<PendingLine> lines = sending.lines();
      for (PendingLine line : lines) {
        line.written();
        if (line.again()) {
          metrics.resent.increment();
        }
      }
      queued.addAndGet(-lines.size());
      SettleWindow.Batch batch = new SettleWindow.Batch(lines, generation, System.nanoTime());
      unsettled.add(batch);
      long gen = generation;
      // An acknowledged send (HTTP 2xx) has nothing left to settle.
      long settled = link.acknowledges() ? links.config().timing().settle().toNanos() : 0;
      sending.outcome().onComplete(ar -> {
        if (ar.failed()) {
          linkDown(gen, LinkFailure.of(ar.cause(), false));
        } else if (gen == generation) {
          batch.writtenAt = System.nanoTime() - settled;
          if (ar.result() != null) {
            rejected(batch, ar.result());
          }
        }
      });
    }
  }

  /** The receiver refused the batch for good (an HTTP 4xx): dropped, counted, noticed. */
  private void rejected(SettleWindow.Batch batch, String reason) {
    int n = batch.lines.size();
    batch.lines.forEach(PendingLine::delivered);
    metrics.dropped.increment(DrainMetrics.REJECTED, n);
    backlog.addAndGet(-n);
    notices.notice("drain " + url.display() + " refused " + n + " lines, dropped: " + reason);
    LOG.warn("drain {} refused {} lines: {}", metrics.id, n, reason);
    // Settles empty: nothing to send again, nothing counted as sent.
    batch.lines.clear();
  }

  private void linkDown(long gen, LinkFailure failure) {
    if (gen != generation || closed || (state != DrainMetrics.State.CONNECTED
        && state != DrainMetrics.State.CONNECTING)) {
      return;
    }
    generation++;
    if (link != null) {
      link.close();
      link = null;
    }
    if (unsettled.isEmpty() && queue.isEmpty() && inbox.isEmpty()) {
      LOG.info("drain {} closed with nothing pending: {}", metrics.id, failure.text());
      state = DrainMetrics.State.IDLE;
      return;
    }
    requeueUnsettled();
    metrics.failed.increment(failure.reason());
    state = DrainMetrics.State.BACKOFF;
    notices.notice("drain " + url.display() + " unreachable since " + notices.failing() + ": "
        + failure.text());
    long delay = backoff.nextDelayMillis();
    LOG.info("drain {} down ({}), reconnecting in {} ms", metrics.id, failure.text(), delay);
    context.owner().setTimer(delay, t -> {
      if (!closed && state == DrainMetrics.State.BACKOFF) {
        state = DrainMetrics.State.IDLE;
        pump();
      }
    });
  }

  private void requeueUnsettled() {
    int before = queue.size();
    metrics.resent.increment(unsettled.requeueInto(queue));
    queued.addAndGet(queue.size() - before);
  }

  private void tick() {
    long now = System.nanoTime();
    for (SettleWindow.Batch b : unsettled.settle(now)) {
      b.lines.forEach(PendingLine::delivered);
      metrics.sent.increment(b.lines.size());
      backlog.addAndGet(-b.lines.size());
      backoff.reset();
      Instant since = notices.recovered();
      if (since != null) {
        LOG.info("drain {} delivering again after failing since {}", metrics.id, since);
      }
    }
    SettleWindow.Batch stuck = unsettled.firstUnconfirmed();
    if (stuck != null && state == DrainMetrics.State.CONNECTED
        && now - stuck.queuedAt > links.config().timing().sendTimeout().toNanos()) {
      linkDown(stuck.generation, LinkFailure.sendTimeout());
    }
    if (queue.isEmpty() && unsettled.isEmpty() && state != DrainMetrics.State.BACKOFF
        && state != DrainMetrics.State.CONNECTING
        && now - lastOfferNanos >= links.config().timing().idle().toNanos()) {
      closeIfIdle();
    }
  }

  private void closeIfIdle() {
    synchronized (this) {
      if (!inbox.isEmpty()) {
        return;
      }
      closed = true;
      shutdown();
    }
    LOG.info("drain {} idle, closed", metrics.id);
    onClosed.accept(this);
  }

  /**
   * The URL was unbound: drops every line it holds (returned through {@code discarded}, counted
   * by the caller), closes the connection, stops the retry timer and never dials again. Any
   * thread; runs on the drain's context.
   */
  io.vertx.core.Future<Void> discard(java.util.function.IntConsumer discarded) {
    synchronized (this) {
      closed = true;
    }
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      generation++;
      List<PendingLine> all = new ArrayList<>(inbox);
      inbox.clear();
      unsettled.requeueInto(queue);
      all.addAll(queue);
      queue.clear();
      all.forEach(PendingLine::delivered);
      backlog.set(0);
      queued.set(0);
      shutdown();
      metrics.follow(() -> 0, () -> DrainMetrics.State.CLOSED);
      discarded.accept(all.size());
      LOG.info("drain {} unbound: {} lines discarded, never dialled again", metrics.id,
          all.size());
      done.complete();
    });
    return done.future();
  }

  private void dropRefused() {
    int n = queue.size();
    if (n == 0) {
      return;
    }
    queue.forEach(PendingLine::delivered);
    queue.clear();
    metrics.dropped.increment(DrainMetrics.REFUSED_URL, n);
    backlog.addAndGet(-n);
    queued.addAndGet(-n);
    notices.notice("drain " + displayRaw() + " refused, never dialled: "
        + refused.getMessage());
  }

  private String displayRaw() {
    return url != null ? url.display() : "#" + metrics.id;
  }

  /** Closes the connection; lines not settled stay uncommitted. */
  io.vertx.core.Future<Void> close() {
    synchronized (this) {
      closed = true;
    }
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      shutdown();
      done.complete();
    });
    return done.future();
  }

  private void shutdown() {
    state = DrainMetrics.State.CLOSED;
    if (timerId >= 0) {
      context.owner().cancelTimer(timerId);
    }
    if (link != null) {
      link.close();
      link = null;
    }
    metrics.follow(() -> 0, () -> DrainMetrics.State.IDLE);
  }
}
