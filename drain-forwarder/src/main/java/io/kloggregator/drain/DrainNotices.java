package io.kloggregator.drain;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The notice lines of one drain: which apps write to it (the first 1,000), since when it fails,
 * and at most one notice per interval to each of those apps' streams. Confined to the drain's
 * context.
 */
final class DrainNotices {

  private static final int MAX_APPS = 1000;

  private final NoticeWriter writer;
  private final Clock clock;
  private final long intervalNanos;
  private final Set<String> apps = new LinkedHashSet<>();
  private Instant failingSince;
  private boolean noticed;
  private long lastNoticeNanos;

  DrainNotices(NoticeWriter writer, Clock clock, long intervalNanos) {
    this.writer = writer;
    this.clock = clock;
    this.intervalNanos = intervalNanos;
  }

  void seen(String appId) {
    if (apps.size() < MAX_APPS) {
      apps.add(appId);
    }
  }

  /** Marks the drain failing (keeps the first instant) and returns since when. */
  Instant failing() {
    if (failingSince == null) {
      failingSince = clock.instant();
    }
    return failingSince;
  }

  /** Marks the drain delivering again; returns the instant it had failed since, or null. */
  Instant recovered() {
    Instant since = failingSince;
    failingSince = null;
    noticed = false;
    return since;
  }

  /** Writes {@code text} to every app's stream unless a notice went out within the interval. */
  void notice(String text) {
    long now = System.nanoTime();
    if (noticed && now - lastNoticeNanos < intervalNanos) {
      return;
    }
    noticed = true;
    lastNoticeNanos = now;
    apps.forEach(app -> writer.write(app, text));
  }
}
