package io.kloggregator.local.faults;

import io.kloggregator.local.multiprocess.WsLines;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tail client that behaves as the CLI should: when its socket to a gateway closes or fails, it
 * reconnects (to the next gateway in the list, round robin) and resumes with
 * {@code cursor=<last cursor>}, so a gateway crash costs no line and repeats none. Lines go to a
 * {@link SeqLedger}. Reconnects run on the given scheduler; close once.
 */
final class ResumingTail implements AutoCloseable {

  private static final long RETRY_MS = 200;

  private final String app;
  private final String token;
  private final List<Integer> gatewayPorts;
  private final ScheduledExecutorService scheduler;
  private final SeqLedger ledger = new SeqLedger();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final AtomicLong otherLines = new AtomicLong();
  private final AtomicLong lostInLossFrames = new AtomicLong();
  private volatile String lastCursor;
  private volatile WsLines socket;
  private volatile boolean closing;

  private ResumingTail(String app, String token, List<Integer> gatewayPorts,
      ScheduledExecutorService scheduler) {
    this.app = app;
    this.token = token;
    this.gatewayPorts = List.copyOf(gatewayPorts);
    this.scheduler = scheduler;
  }

  /** Opens the tail on {@code gatewayPorts.get(first)}; fails if that gateway refuses. */
  static ResumingTail open(String app, String token, List<Integer> gatewayPorts, int first,
      ScheduledExecutorService scheduler) {
    ResumingTail tail = new ResumingTail(app, token, gatewayPorts, scheduler);
    tail.connect(first);
    return tail;
  }

  SeqLedger ledger() {
    return ledger;
  }

  /** Lines of the app seen that are not numbered (warm-up lines, loss notices). */
  long otherLines() {
    return otherLines.get();
  }

  int reconnects() {
    return reconnects.get();
  }

  /** Lines the gateways reported as dropped for this client (loss frames), over all sockets. */
  long lostInLossFrames() {
    WsLines current = socket;
    return lostInLossFrames.get()
        + (current == null || current.isClosed() ? 0 : current.lostLines());
  }

  private void connect(int gateway) {
    String cursor = lastCursor;
    String path = "/tail/?format=json&app=" + app + (cursor == null ? "" : "&cursor=" + cursor);
    WsLines opened = WsLines.open(gatewayPorts.get(gateway), path, token, this::onLine);
    socket = opened;
    opened.closed().whenComplete((code, error) -> onClosed(opened, gateway));
  }

  private void onLine(String text, String cursor) {
    lastCursor = cursor;
    long seq = SeqLine.parse(app, text);
    if (seq == SeqLine.OTHER) {
      otherLines.incrementAndGet();
    }
    ledger.record(seq);
  }

  private void onClosed(WsLines closed, int gateway) {
    lostInLossFrames.addAndGet(closed.lostLines());
    if (!closing) {
      reconnects.incrementAndGet();
      scheduleReconnect((gateway + 1) % gatewayPorts.size());
    }
  }

  private void scheduleReconnect(int gateway) {
    scheduler.schedule(() -> {
      if (closing) {
        return;
      }
      try {
        connect(gateway);
      } catch (RuntimeException refused) {
        scheduleReconnect((gateway + 1) % gatewayPorts.size());
      }
    }, RETRY_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closing = true;
    WsLines current = socket;
    if (current != null) {
      current.close();
    }
  }
}
