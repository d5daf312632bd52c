package io.kloggregator.cli;

import io.kloggregator.schemas.json.JsonFrameEncoder;
import io.kloggregator.schemas.json.LineFrame;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.syslog.SyslogFormatter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Replayed lines as text on a writer (standard output or a file): the cf format, the gateway's
 * JSON frames, or syslog lines (RFC 5424, unframed, one per line), the last two written by
 * schemas' encoders. Closes the writer only if it owns it.
 */
final class PrintTarget implements ReplayTarget {

  /** The text formats of {@code replay --format}. */
  enum Format { CF, JSON, SYSLOG }

  private final PrintWriter out;
  private final Format format;
  private final LineFormatter cf;
  private final boolean owned;

  PrintTarget(PrintWriter out, Format format, LineFormatter cf, boolean owned) {
    this.out = out;
    this.format = format;
    this.cf = cf;
    this.owned = owned;
  }

  @Override
  public void send(LogMessage message, int partition, long offset) {
    switch (format) {
      case CF -> out.println(cf.format(LineFrame.of(message, partition, offset)));
      case JSON -> out.println(JsonFrameEncoder.line(message, partition, offset));
      case SYSLOG -> out.print(new String(SyslogFormatter.format(message), StandardCharsets.UTF_8));
      default -> throw new IllegalStateException("format " + format);
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
    if (out.checkError()) {
      throw new IOException("cannot write the output");
    }
  }

  @Override
  public void close() throws IOException {
    flush();
    if (owned) {
      out.close();
    }
  }
}
