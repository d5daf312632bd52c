package io.kloggregator.local.faults;

import io.kloggregator.testkit.FakeWarden;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Apps writing numbered lines ({@link SeqLine}) to their warden stdout sockets at a fixed total
 * rate, round robin, from one thread; {@link #written} counts what each app wrote, which is what
 * the agent was given. Start once, stop once.
 */
final class AppWriters implements AutoCloseable {

  private final List<FakeWarden.Instance> instances;
  private final int linesPerSecond;
  private final AtomicLongArray written;
  private final Thread thread;
  private volatile boolean running = true;

  AppWriters(List<FakeWarden.Instance> instances, int linesPerSecond) {
    this.instances = List.copyOf(instances);
    this.linesPerSecond = linesPerSecond;
    this.written = new AtomicLongArray(instances.size());
    this.thread = new Thread(this::writeLoop, "fault-app-writers");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Lines app {@code index} has written so far (its highest seq). */
  long written(int index) {
    return written.get(index);
  }

  long writtenTotal() {
    long total = 0;
    for (int i = 0; i < written.length(); i++) {
      total += written.get(i);
    }
    return total;
  }

  private void writeLoop() {
    long start = System.nanoTime();
    long total = 0;
    int next = 0;
    while (running) {
      long due = (System.nanoTime() - start) * linesPerSecond / 1_000_000_000L;
      if (total >= due) {
        LockSupport.parkNanos(500_000);
        continue;
      }
      for (; total < due && running; total++) {
        FakeWarden.Instance instance = instances.get(next);
        long seq = written.get(next) + 1;
        instance.stdout().println(SeqLine.format(instance.appId(), seq));
        written.set(next, seq);
        next = (next + 1) % instances.size();
      }
    }
  }

  /** Stops writing and waits for the writer thread. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
