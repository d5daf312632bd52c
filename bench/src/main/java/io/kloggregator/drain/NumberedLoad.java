package io.kloggregator.drain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A steady load of numbered lines for several apps at once: every 50 ms each app gets
 * {@code perTick} more lines "prefix-000000".., handed to a {@link Sender}. Remembers when each
 * tick was sent, so a test can tell when line {@code k} of an app was written. Sending runs on one
 * thread of its own; the accessors may be called from any thread.
 */
final class NumberedLoad implements AutoCloseable {

  /** Writes {@code n} lines of {@code app} numbered from {@code from}. */
  interface Sender {
    void send(String app, String prefix, int from, int n);
  }

  static final long TICK_MILLIS = 50;

  private final Sender sender;
  private final int perTick;
  private final Map<String, String> prefixes; // app -> prefix, in start order
  private final List<Long> tickNanos = new ArrayList<>(); // guarded by this
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "numbered-load");
    t.setDaemon(true);
    return t;
  });
  private int ticks; // guarded by this

  /** {@code prefixes}: app id → line prefix; {@code perTick} lines per app every 50 ms. */
  NumberedLoad(Sender sender, Map<String, String> prefixes, int perTick) {
    this.sender = sender;
    this.prefixes = new LinkedHashMap<>(prefixes);
    this.perTick = perTick;
  }

  /** Lines per second over all apps. */
  int linesPerSecond() {
    return (int) (perTick * prefixes.size() * 1000 / TICK_MILLIS);
  }

  NumberedLoad start() {
    thread.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  private void tick() {
    int from;
    synchronized (this) {
      from = ticks * perTick;
    }
    prefixes.forEach((app, prefix) -> sender.send(app, prefix, from, perTick));
    synchronized (this) {
      tickNanos.add(System.nanoTime());
      ticks++;
    }
  }

  /** Lines handed to the sender so far, per app (every app has the same count). */
  synchronized int sent() {
    return ticks * perTick;
  }

  /** When line {@code number} of every app was handed to the sender ({@link System#nanoTime}). */
  synchronized long sentAt(int number) {
    return tickNanos.get(number / perTick);
  }

  /** Stops sending and returns the lines sent per app. */
  int stop() throws InterruptedException {
    thread.shutdown();
    if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("load thread did not stop");
    }
    return sent();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
