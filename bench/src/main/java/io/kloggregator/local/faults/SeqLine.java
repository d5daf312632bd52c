package io.kloggregator.local.faults;

/**
 * The lines the fault suite's apps write: {@code <app> <seq> <padding>}, seq counting from 1 per
 * app instance, so a receiver can tell a lost, repeated or reordered line. Stateless.
 */
final class SeqLine {

  /** Seq of a line of the app that is not a numbered one (warm-up lines, loss notices). */
  static final long OTHER = -1;

  private static final String PADDING = " " + "x".repeat(60);

  private SeqLine() {
  }

  static String format(String app, long seq) {
    return app + " " + seq + PADDING;
  }

  static String warmUp(String app, int n) {
    return app + " warm-up-" + n;
  }

  /** The seq of {@code text} when it is a numbered line of {@code app}, else {@link #OTHER}. */
  static long parse(String app, String text) {
    int start = app.length() + 1;
    if (text.length() <= start || !text.startsWith(app) || text.charAt(app.length()) != ' ') {
      return OTHER;
    }
    long seq = 0;
    int i = start;
    for (; i < text.length() && text.charAt(i) != ' '; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9' || i - start > 17) {
        return OTHER;
      }
      seq = seq * 10 + (c - '0');
    }
    return i == start ? OTHER : seq;
  }
}
