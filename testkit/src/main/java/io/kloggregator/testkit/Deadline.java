package io.kloggregator.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a bound, polling; used while servers come up. */
final class Deadline {

  private Deadline() {
  }

  static void await(String what, Duration limit, BooleanSupplier ready, Runnable alive) {
    long end = System.nanoTime() + limit.toNanos();
    while (!ready.getAsBoolean()) {
      alive.run();
      if (System.nanoTime() > end) {
        throw new IllegalStateException(what + " not ready within " + limit);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }
}
