package io.kloggregator.local.bench;

/**
 * A line the whole-system benchmarks write: {@code sb <phase> <app> <seq> <sentNanos> <padding>},
 * {@code sentNanos} being the writer's {@code System.nanoTime()}.
 */
record BenchLine(int phase, int app, int seq, long sentNanos) {

  /** The bench line {@code text} starts with, or null when it is not one. */
  static BenchLine parse(String text) {
    if (!text.startsWith("sb ")) {
      return null;
    }
    String[] parts = text.substring(3).split(" ", 5);
    if (parts.length < 4) {
      return null;
    }
    try {
      return new BenchLine(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
          Integer.parseInt(parts[2]), Long.parseLong(parts[3]));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
