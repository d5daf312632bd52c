package io.kloggregator.local.faults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a drain receiver got of each app's numbered lines: one {@link SeqLedger} per app, fed
 * with the bodies the receiver wrote, in arrival order. {@link #update} reads only the bodies
 * that arrived since the last call. Thread-safe.
 */
final class DrainLedgers {

  private final Map<String, SeqLedger> byApp = new LinkedHashMap<>();
  private int consumed;

  DrainLedgers(List<String> apps) {
    apps.forEach(app -> byApp.put(app, new SeqLedger()));
  }

  /** Records the bodies of {@code received} (everything so far) not yet recorded. */
  synchronized void update(List<String> received) {
    for (; consumed < received.size(); consumed++) {
      String text = received.get(consumed).stripLeading();
      for (Map.Entry<String, SeqLedger> app : byApp.entrySet()) {
        if (text.startsWith(app.getKey() + " ")) {
          app.getValue().record(SeqLine.parse(app.getKey(), text));
          break;
        }
      }
    }
  }

  SeqLedger app(String app) {
    return byApp.get(app);
  }

  /** Whether every app got at least one line (numbered or not). */
  synchronized boolean everyAppReached() {
    return byApp.values().stream().allMatch(l -> l.order().length > 0);
  }

  /** Distinct numbered lines over all apps: what a stall clock watches. */
  long distinct() {
    return byApp.values().stream().mapToLong(SeqLedger::distinct).sum();
  }
}
