package io.kloggregator.router;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps the last N lines of each app: stores every log record under {@code app id + offset} and
 * deletes the oldest line once an app holds more than N. Runs on one stream thread per task;
 * forwards nothing.
 *
 * <p>Per app it keeps an {@link AppLines} in memory: count, oldest and newest offset, so that a
 * new line costs one put (and, past N, one delete) and no read. These figures are written to the
 * index store every {@link #INDEX_SAVE_INTERVAL} (wall clock), only for the apps that changed.
 * The first line of an app in a task's life loads them from the index store and checks for lines
 * newer than the saved newest (stored after the last save, before a crash); if there are any,
 * the app is counted afresh from the lines store.
 *
 * <p>Every line newer than the app's newest also goes into the {@link HistoryStore} under its
 * record time; a replayed one does not (so the history holds each line once, but for a crash
 * between a store's flush and the index save, which {@link HistoryReader} reads once).
 *
 * <p>A record at or below the newest offset is a replay (reprocessing after a restart from an
 * older commit): the app is counted afresh once, then the record is skipped when its line is
 * stored already (no second write to the store and its changelog), fills a gap, or is skipped
 * when it is older than N kept lines. So replays never duplicate.
 */
final class RecentLinesProcessor implements Processor<String, ParsedLogMessage, Void, Void> {

  /** How often changed per-app figures are written to the index store. */
  static final Duration INDEX_SAVE_INTERVAL = Duration.ofSeconds(1);
  /** Apps kept in memory per task; past this the figures are saved and the map starts over. */
  static final int MAX_APPS_IN_MEMORY = 20_000;

  private final int retainedLines;
  private final RouterEvents events;
  private final Map<String, AppLines> apps = new HashMap<>();
  private final List<AppLines> changed = new ArrayList<>();
  private final long[] readAhead = new long[AppLines.READ_AHEAD];
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<Bytes, byte[]> lines;
  private KeyValueStore<Bytes, byte[]> index;
  private WindowStore<String, byte[]> history;

  RecentLinesProcessor(int retainedLines, RouterEvents events) {
    this.retainedLines = retainedLines;
    this.events = events;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.lines = context.getStateStore(RouterTopology.LINES_STORE);
    this.index = context.getStateStore(RouterTopology.INDEX_STORE);
    this.history = context.getStateStore(HistoryStore.NAME);
    context.schedule(INDEX_SAVE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> saveIndex());
  }

  @Override
  public void process(Record<String, ParsedLogMessage> record) {
    RecordMetadata where = context.recordMetadata().orElseThrow();
    AppLines app = app(record.key());
    long offset = where.offset();
    byte[] value = record.value().storedLine(where.partition(), offset);
    if (offset > app.newest) {
      history.put(record.key(), value, record.timestamp());
      append(app, offset, value);
    } else {
      replay(app, offset, value, record);
    }
    trim(app);
    changed(app);
    events.lineStored();
  }

  @Override
  public void close() {
    saveIndex();
  }

  private AppLines app(String appId) {
    AppLines app = apps.get(appId);
    if (app == null) {
      if (apps.size() >= MAX_APPS_IN_MEMORY) {
        saveIndex();
        apps.clear();
      }
      app = load(appId.getBytes(StandardCharsets.UTF_8));
      apps.put(appId, app);
    }
    return app;
  }

  /**
   * The app's figures as last saved, unless lines newer than the saved newest exist (stored
   * after that save, before a crash): then counted afresh.
   */
  private AppLines load(byte[] appId) {
    AppLines app = new AppLines(appId, AppIndex.decode(index.get(Bytes.wrap(appId))));
    boolean newerLines;
    try (KeyValueIterator<Bytes, byte[]> it =
        lines.range(LineKeys.line(appId, app.newest + 1), LineKeys.last(appId))) {
      newerLines = it.hasNext();
    }
    if (newerLines) {
      recount(app);
    }
    return app;
  }

  private void replay(AppLines app, long offset, byte[] value,
      Record<String, ParsedLogMessage> record) {
    if (!app.counted) {
      recount(app);
    }
    Bytes key = LineKeys.line(app.appId, offset);
    if (offset > app.newest) {
      history.put(record.key(), value, record.timestamp());
      append(app, offset, value);
    } else if (offset >= app.oldest && lines.get(key) != null) {
      return; // stored already, from the same record: rewriting it would only log it again
    } else if (app.count < retainedLines || offset > app.oldest) {
      lines.put(key, value);
      app.count++;
      app.oldest = Math.min(app.oldest, offset);
      app.forgetReadAhead();
    }
  }

  /** Stores a line newer than every line the app holds. */
  private void append(AppLines app, long offset, byte[] value) {
    lines.put(LineKeys.line(app.appId, offset), value);
    if (app.count++ == 0) {
      app.oldest = offset;
    }
    app.newest = offset;
  }

  /** Deletes the oldest lines until at most N are left. */
  private void trim(AppLines app) {
    while (app.count > retainedLines) {
      lines.put(LineKeys.line(app.appId, app.oldest), null);
      app.count--;
      long next = app.nextOldest();
      if (next < 0) {
        next = readAhead(app);
      }
      if (next < 0) {
        recount(app);
        return;
      }
      app.oldest = next;
    }
  }

  /** Reads the offsets after the oldest into the app's read-ahead; returns the first, or -1. */
  private long readAhead(AppLines app) {
    int found = 0;
    try (KeyValueIterator<Bytes, byte[]> it =
        lines.range(LineKeys.line(app.appId, app.oldest + 1), LineKeys.last(app.appId))) {
      while (found < readAhead.length && it.hasNext()) {
        readAhead[found++] = LineKeys.offsetOf(it.next().key);
      }
    }
    if (found == 0) {
      return -1L;
    }
    app.readAhead(readAhead, found);
    return app.nextOldest();
  }

  /**
   * Counts the app's lines in the store, deletes all but the newest N, and sets the figures from
   * what is left: the slow path, for the first replayed record of an app and for figures that lag
   * the lines after a crash.
   */
  private void recount(AppLines app) {
    List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it =
        lines.range(LineKeys.first(app.appId), LineKeys.last(app.appId))) {
      while (it.hasNext()) {
        keys.add(it.next().key);
      }
    }
    int excess = Math.max(0, keys.size() - retainedLines);
    for (Bytes key : keys.subList(0, excess)) {
      lines.put(key, null);
    }
    List<Bytes> kept = keys.subList(excess, keys.size());
    app.set(kept.isEmpty() ? AppIndex.EMPTY : new AppIndex(kept.size(),
        LineKeys.offsetOf(kept.get(0)), LineKeys.offsetOf(kept.get(kept.size() - 1))));
    app.counted = true;
    changed(app);
  }

  private void changed(AppLines app) {
    if (!app.dirty) {
      app.dirty = true;
      changed.add(app);
    }
  }

  /** Writes the figures of the apps that changed since the last save to the index store. */
  private void saveIndex() {
    for (AppLines app : changed) {
      index.put(Bytes.wrap(app.appId), app.index().encode());
      app.dirty = false;
    }
    changed.clear();
  }
}
