package io.kloggregator.router;

import java.util.Arrays;

/**
 * What {@link RecentLinesProcessor} keeps in memory about one app of its task: the app id's
 * bytes, the {@link AppIndex} figures (count, oldest and newest offset) kept up to date line by
 * line, and the next few offsets after the oldest, read ahead so that trimming needs one range
 * scan per {@link #READ_AHEAD} lines rather than one per line. Owned by one stream thread.
 */
final class AppLines {

  /** Offsets read ahead per range scan when trimming. */
  static final int READ_AHEAD = 64;

  final byte[] appId;
  int count;
  long oldest;
  long newest;
  /** True once count/oldest/newest were counted from the store by this task incarnation. */
  boolean counted;
  /** True while the index store holds older figures than these. */
  boolean dirty;
  private long[] ahead;
  private int aheadNext;
  private int aheadEnd;

  AppLines(byte[] appId, AppIndex index) {
    this.appId = appId;
    set(index);
  }

  void set(AppIndex index) {
    count = index.count();
    oldest = index.oldest();
    newest = index.newest();
    forgetReadAhead();
  }

  AppIndex index() {
    return count == 0 ? AppIndex.EMPTY : new AppIndex(count, oldest, newest);
  }

  /** The read-ahead offset after the oldest, or -1 when none is left. */
  long nextOldest() {
    return aheadNext < aheadEnd ? ahead[aheadNext++] : -1L;
  }

  /** Remembers the offsets that follow the oldest, ascending (at most {@link #READ_AHEAD}). */
  void readAhead(long[] offsets, int length) {
    if (ahead == null) {
      ahead = new long[READ_AHEAD];
    }
    System.arraycopy(offsets, 0, ahead, 0, length);
    aheadNext = 0;
    aheadEnd = length;
  }

  /** Called when a line is stored below the newest, which the read-ahead may not cover. */
  void forgetReadAhead() {
    aheadNext = 0;
    aheadEnd = 0;
  }

  @Override
  public String toString() {
    return "AppLines" + index() + " ahead " + Arrays.toString(
        ahead == null ? new long[0] : Arrays.copyOfRange(ahead, aheadNext, aheadEnd));
  }
}
