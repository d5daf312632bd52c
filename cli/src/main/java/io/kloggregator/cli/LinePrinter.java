package io.kloggregator.cli;

import io.kloggregator.schemas.json.JsonFrame;
import io.kloggregator.schemas.json.LineFrame;
import io.kloggregator.schemas.json.LossFrame;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * Prints frames: log lines to standard output (cf style, or the gateway's JSON as is with
 * {@code --json}), loss notices to standard error (and, with {@code --json}, to standard output
 * too, so a consumer of the JSON sees them in place). Confined to the command's thread.
 */
final class LinePrinter {

  private final PrintWriter out;
  private final PrintWriter err;
  private final LineFormatter formatter;
  private final boolean json;
  private long printed;

  LinePrinter(PrintWriter out, PrintWriter err, LineFormatter formatter, boolean json) {
    this.out = out;
    this.err = err;
    this.formatter = formatter;
    this.json = json;
  }

  void print(JsonFrame frame) {
    if (frame instanceof LineFrame line) {
      out.println(json ? line.raw() : formatter.format(line));
      printed++;
    } else if (frame instanceof LossFrame loss) {
      if (json) {
        out.println(loss.raw());
      }
      err.println(describe(loss));
    }
  }

  /** Flushes standard output; a closed pipe ({@code logs APP | head}) ends the command quietly. */
  void flush() {
    out.flush();
    err.flush();
    if (out.checkError()) {
      throw new CliException(ExitCode.OK, "");
    }
  }

  long printed() {
    return printed;
  }

  static String describe(LossFrame loss) {
    StringBuilder text = new StringBuilder("-- ").append(loss.count())
        .append(loss.count() == 1 ? " line" : " lines").append(" lost");
    if (loss.fromNanos() > 0 && loss.toNanos() > 0) {
      text.append(" (stamped ").append(Instant.EPOCH.plusNanos(loss.fromNanos()))
          .append(" .. ").append(Instant.EPOCH.plusNanos(loss.toNanos())).append(')');
    }
    if (!loss.reason().isEmpty()) {
      text.append(": ").append(loss.reason());
    }
    return text.append(" --").toString();
  }
}
