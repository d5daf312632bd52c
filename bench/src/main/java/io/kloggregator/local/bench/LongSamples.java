package io.kloggregator.local.bench;

import java.util.Arrays;

/** A growable array of long samples with nearest-rank percentiles. Not thread-safe. */
final class LongSamples {

  private long[] values = new long[1024];
  private int size;

  void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  void addAll(LongSamples other) {
    for (int i = 0; i < other.size; i++) {
      add(other.values[i]);
    }
  }

  int size() {
    return size;
  }

  /** Nearest-rank percentile, {@code p} in (0, 100]; NaN when empty. */
  double percentile(double p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("p must be in (0, 100], was " + p);
    }
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, rank - 1)];
  }

  double max() {
    return size == 0 ? Double.NaN : percentile(100);
  }
}
