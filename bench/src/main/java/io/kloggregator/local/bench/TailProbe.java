package io.kloggregator.local.bench;

import io.kloggregator.testkit.BearerWebSocket;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One live tail of one app over a real WebSocket (the JDK's client). Every frame whose text is a
 * bench line ({@code sb <phase> <app> <seq> <sentNanos> …}) is counted for its phase: latency
 * (receive time minus the write time in the line, same JVM clock), duplicates and lines that came
 * after a higher sequence number. Callbacks of one socket run one at a time, so a probe needs no
 * lock of its own; readers call {@link #snapshot} after the writers stop and traffic has settled.
 */
final class TailProbe implements WebSocket.Listener, AutoCloseable {

  /** What one phase delivered to this tail. */
  static final class PhaseTally {
    final LongSamples latencies = new LongSamples();
    final BitSet seen = new BitSet();
    long duplicates;
    long outOfOrder;
    int highest = -1;
  }

  private final int phases;
  private final boolean keepLatencies;
  private final PhaseTally[] tallies;
  private final StringBuilder partial = new StringBuilder();
  private volatile long frames;
  private WebSocket socket;

  private TailProbe(int phases, boolean keepLatencies) {
    this.phases = phases;
    this.keepLatencies = keepLatencies;
    this.tallies = new PhaseTally[phases];
    for (int i = 0; i < phases; i++) {
      tallies[i] = new PhaseTally();
    }
  }

  /**
   * Opens the tail. Without {@code keepLatencies} no latency sample is kept (a long run would
   * otherwise grow this JVM's heap by 8 bytes a line and hide the pipeline's own heap).
   */
  static TailProbe open(URI uri, String token, int phases, boolean keepLatencies) {
    TailProbe probe = new TailProbe(phases, keepLatencies);
    probe.socket = BearerWebSocket.open(uri, token, probe, Duration.ofSeconds(15));
    return probe;
  }

  /** Frames of any kind received so far (warm-up lines included). */
  long frames() {
    return frames;
  }

  synchronized PhaseTally snapshot(int phase) {
    return tallies[phase];
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    long now = System.nanoTime();
    partial.append(data);
    if (last) {
      record(partial, now);
      partial.setLength(0);
      frames++;
    }
    webSocket.request(1);
    return null;
  }

  private synchronized void record(CharSequence frame, long receivedNanos) {
    String json = frame.toString();
    int at = json.indexOf("\"text\":\"sb ");
    if (at < 0) {
      return;
    }
    BenchLine line = BenchLine.parse(json.substring(at + 8));
    if (line == null || line.phase() >= phases) {
      return;
    }
    int phase = line.phase();
    int seq = line.seq();
    long sent = line.sentNanos();
    PhaseTally tally = tallies[phase];
    if (tally.seen.get(seq)) {
      tally.duplicates++;
      return;
    }
    tally.seen.set(seq);
    if (seq < tally.highest) {
      tally.outOfOrder++;
    }
    tally.highest = Math.max(tally.highest, seq);
    if (keepLatencies) {
      tally.latencies.add(receivedNanos - sent);
    }
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(e -> null).join();
    }
  }
}
