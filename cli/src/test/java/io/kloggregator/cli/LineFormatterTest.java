package io.kloggregator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.json.LineFrame;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LineFormatterTest {

  private static final ZoneId DENVER_WINTER = ZoneId.of("-06:00");
  private final LineFormatter plain = new LineFormatter(DENVER_WINTER, false);

  @Test
  void appLineLooksLikeTheCfClis() {
    LineFrame line = line("App", "0", "OUT", "Express server started");

    assertThat(plain.format(line))
        .isEqualTo("2014-03-12T17:12:21.06-0600 [App/0]   OUT Express server started");
  }

  @Test
  void errLineAndWiderHeaderKeepTheColumnAndAtLeastOneSpace() {
    assertThat(plain.format(line("App", "12", "ERR", "boom")))
        .isEqualTo("2014-03-12T17:12:21.06-0600 [App/12]  ERR boom");
    assertThat(plain.format(line("HEALTH", "10", "OUT", "ok")))
        .isEqualTo("2014-03-12T17:12:21.06-0600 [HEALTH/10] OUT ok");
  }

  @Test
  void systemSourceWithoutInstanceShowsTheBareSourceName() {
    assertThat(plain.format(line("RTR", "", "OUT", "GET / 200")))
        .isEqualTo("2014-03-12T17:12:21.06-0600 [RTR]     OUT GET / 200");
  }

  @Test
  void timestampIsLocalTimeWithTwoTruncatedFractionDigits() {
    LineFormatter utc = new LineFormatter(ZoneId.of("UTC"), false);
    LineFrame line = new LineFrame("a", "App", "1", "OUT", nanos("2026-11-25T09:59:59.999999999Z"),
        "x", "0:1", "");

    assertThat(utc.format(line)).startsWith("2026-11-25T09:59:59.99+0000 [App/1]");
    assertThat(new LineFormatter(ZoneId.of("Asia/Kolkata"), false).format(line))
        .startsWith("2026-11-25T15:29:59.99+0530 ");
  }

  @Test
  void trailingLineBreaksAreRemovedAndInnerOnesContinueIndented() {
    LineFrame line = line("App", "0", "ERR", "Exception in main\n\tat Foo.bar(Foo.java:1)\r\n"
        + "\tat Foo.main(Foo.java:2)\n\r\n");

    assertThat(plain.format(line)).isEqualTo(
        "2014-03-12T17:12:21.06-0600 [App/0]   ERR Exception in main\n"
            + " ".repeat(38) + "\tat Foo.bar(Foo.java:1)\n"
            + " ".repeat(38) + "\tat Foo.main(Foo.java:2)");
  }

  @Test
  void colourPaintsTheHeaderAndErrTextOnly() {
    LineFormatter colour = new LineFormatter(DENVER_WINTER, true);

    assertThat(colour.format(line("App", "0", "ERR", "bad")))
        .isEqualTo("\u001b[1;33m2014-03-12T17:12:21.06-0600 [App/0]\u001b[0m   ERR "
            + "\u001b[31mbad\u001b[0m");
    assertThat(colour.format(line("RTR", "1", "OUT", "fine")))
        .isEqualTo("\u001b[1;36m2014-03-12T17:12:21.06-0600 [RTR/1]\u001b[0m   OUT fine");
  }

  private static LineFrame line(String source, String instance, String type, String text) {
    return new LineFrame("app", source, instance, type,
        nanos("2014-03-12T17:12:21.068-06:00"), text, "3:7", "");
  }

  private static long nanos(String time) {
    var instant = OffsetDateTime.parse(time).toInstant();
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
