package io.kloggregator.drain;

import java.util.Locale;

/** Prints how long each phase of a scenario took, to tell where its time goes. */
final class Phases {

  private final String name;
  private long last = System.nanoTime();

  Phases(String name) {
    this.name = name;
  }

  void mark(String phase) {
    long now = System.nanoTime();
    System.out.printf(Locale.ROOT, "%s: %s after %.1f s%n", name, phase, (now - last) / 1e9);
    last = now;
  }
}
