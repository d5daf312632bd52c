package io.kloggregator.cli;

import io.kloggregator.schemas.json.LineFrame;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Formats a {@link LineFrame} the way the cf CLI printed it (2014, {@code ui_helpers}):
 * {@code 2014-03-12T17:12:21.06-0600 [App/0]   OUT Express server started}. The timestamp is in
 * the given zone with two (truncated) fraction digits; the header {@code TIMESTAMP [SOURCE/ID]}
 * is padded to a fixed column ({@value #HEADER_WIDTH} characters, at least one space); then
 * {@code OUT } or {@code ERR } and the text. Trailing CR/LF are removed; inner line breaks
 * continue on extra lines indented to the header's width. With colour, the header is bold yellow
 * for app lines and bold cyan for system sources, and ERR text is red. Stateless, thread-safe.
 */
final class LineFormatter {

  /** Timestamp (27) + space + {@code [App/0]} (7) + three spaces: where OUT/ERR starts. */
  static final int HEADER_WIDTH = 38;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSxx");
  private static final Pattern TRAILING_BREAKS = Pattern.compile("[\r\n]+$");
  private static final Pattern BREAK = Pattern.compile("\r\n|\n|\r");
  private static final String RESET = "\u001b[0m";
  private static final String BOLD_YELLOW = "\u001b[1;33m";
  private static final String BOLD_CYAN = "\u001b[1;36m";
  private static final String RED = "\u001b[31m";

  private final DateTimeFormatter time;
  private final boolean colour;

  LineFormatter(ZoneId zone, boolean colour) {
    this.time = TIME.withZone(zone);
    this.colour = colour;
  }

  /** The line as printed, without a final newline (inner newlines for a multi-line text). */
  String format(LineFrame line) {
    String header = header(line);
    int width = Math.max(HEADER_WIDTH, header.length() + 1);
    String padding = " ".repeat(width - header.length());
    StringBuilder out = new StringBuilder(width + 8 + line.text().length());
    out.append(paint(header, "App".equals(line.source()) ? BOLD_YELLOW : BOLD_CYAN))
        .append(padding)
        .append(line.isErr() ? "ERR " : "OUT ");
    String[] pieces = BREAK.split(TRAILING_BREAKS.matcher(line.text()).replaceAll(""), -1);
    String indent = " ".repeat(width);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        out.append('\n').append(indent);
      }
      out.append(line.isErr() ? paint(pieces[i], RED) : pieces[i]);
    }
    return out.toString();
  }

  /** {@code TIMESTAMP [SOURCE/ID]}, or {@code TIMESTAMP [SOURCE]} when there is no id. */
  String header(LineFrame line) {
    String when = time.format(Instant.EPOCH.plusNanos(line.timestampNanos()));
    String source = line.source().isEmpty() ? "App" : line.source();
    return line.instance().isEmpty()
        ? when + " [" + source + "]"
        : when + " [" + source + "/" + line.instance() + "]";
  }

  private String paint(String text, String code) {
    return colour && !text.isEmpty() ? code + text + RESET : text;
  }
}
