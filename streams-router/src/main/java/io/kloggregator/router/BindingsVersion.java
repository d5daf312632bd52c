package io.kloggregator.router;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter of changes to the global bindings store, shared by one topology's
 * {@link BindingsUpdater} (which bumps it after each change, on the global thread) and its
 * {@link DrainRouter}s (which drop their per-app lookups when it moved, on stream threads).
 */
final class BindingsVersion {

  private final AtomicLong version = new AtomicLong();

  void changed() {
    version.incrementAndGet();
  }

  long current() {
    return version.get();
  }
}
