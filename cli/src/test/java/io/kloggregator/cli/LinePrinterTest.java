package io.kloggregator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kloggregator.schemas.json.LineFrame;
import io.kloggregator.schemas.json.LossFrame;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LinePrinterTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final LineFormatter cf = new LineFormatter(ZoneId.of("UTC"), false);
  private final LineFrame line = new LineFrame("a", "App", "0", "OUT", 1_000_000_000L, "hi", "0:1",
      "{\"text\":\"hi\"}");
  private final LossFrame loss = new LossFrame(3, 1_000_000_000L, 2_000_000_000L, "slow client",
      "{\"type\":\"loss\"}");

  @Test
  void linesGoToStandardOutputAndLossNoticesToStandardError() {
    LinePrinter printer = new LinePrinter(new PrintWriter(out), new PrintWriter(err), cf, false);

    printer.print(line);
    printer.print(loss);
    printer.flush();

    assertThat(out).hasToString("1970-01-01T00:00:01.00+0000 [App/0]   OUT hi\n");
    assertThat(err).hasToString("-- 3 lines lost (stamped 1970-01-01T00:00:01Z .. "
        + "1970-01-01T00:00:02Z): slow client --\n");
    assertThat(printer.printed()).isEqualTo(1);
  }

  @Test
  void jsonPassesEveryFrameThroughAsSentAndStillWarnsOfLoss() {
    LinePrinter printer = new LinePrinter(new PrintWriter(out), new PrintWriter(err), cf, true);

    printer.print(line);
    printer.print(loss);
    printer.flush();

    assertThat(out).hasToString("{\"text\":\"hi\"}\n{\"type\":\"loss\"}\n");
    assertThat(err.toString()).startsWith("-- 3 lines lost");
  }

  @Test
  void aClosedOutputEndsTheCommandQuietlyWithExitZero() {
    Writer closed = new Writer() {
      @Override
      public void write(char[] buf, int off, int len) throws IOException {
        throw new IOException("Broken pipe");
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    LinePrinter printer = new LinePrinter(new PrintWriter(closed), new PrintWriter(err), cf, false);

    printer.print(line);

    assertThatThrownBy(printer::flush).isInstanceOfSatisfying(CliException.class, e -> {
      assertThat(e.exitCode()).isZero();
      assertThat(e.getMessage()).isEmpty();
    });
  }
}
