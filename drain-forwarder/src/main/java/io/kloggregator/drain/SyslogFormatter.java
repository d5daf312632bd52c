package io.kloggregator.drain;

import io.kloggregator.schemas.proto.LogMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes a {@link LogMessage} as the original loggregator's syslog line (RFC 5424 §6):
 * {@code <PRI>1 TIMESTAMP loggregator APP_GUID PROCID - - MSG\n}. PRI is 14 (user.info) for OUT
 * and 11 (user.err) for ERR; TIMESTAMP is the message's own time, RFC 3339 UTC with six fraction
 * digits and {@code +00:00} for the zone; PROCID is {@code [App/<source_id>]} for source name
 * {@code App}, else {@code [<source_name>]}; MSGID and STRUCTURED-DATA are {@code -}. The body
 * keeps its bytes (UTF-8 as sent; embedded newlines kept, so a multi-line message stays one
 * message) minus NUL bytes, plus a trailing {@code \n} if missing. Stateless, thread-safe.
 */
final class SyslogFormatter {

  static final int PRI_OUT = 14;
  static final int PRI_ERR = 11;
  private static final int MAX_PROCID = 128;

  private SyslogFormatter() {
  }

  /** The syslog message (without framing). */
  static byte[] format(LogMessage m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(96 + m.getMessage().size());
    int pri = m.getMessageType() == LogMessage.MessageType.ERR ? PRI_ERR : PRI_OUT;
    ascii(out, "<" + pri + ">1 ");
    timestamp(out, m.getTimestamp());
    ascii(out, " loggregator ");
    field(out, m.getAppId(), 48);
    out.write(' ');
    field(out, procId(m), MAX_PROCID);
    ascii(out, " - - ");
    byte[] body = m.getMessage().toByteArray();
    int last = -1;
    for (byte b : body) {
      if (b != 0) {
        out.write(b);
        last = b;
      }
    }
    if (last != '\n') {
      out.write('\n');
    }
    return out.toByteArray();
  }

  static String procId(LogMessage m) {
    String source = m.getSourceName();
    if ("App".equals(source)) {
      return "[App/" + m.getSourceId() + "]";
    }
    return "[" + source + "]";
  }

  /** RFC 3339 with microseconds, e.g. {@code 2026-11-25T02:55:00.123456+00:00}. */
  static void timestamp(ByteArrayOutputStream out, long unixNanos) {
    long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
    long micros = Math.floorMod(unixNanos, 1_000_000_000L) / 1_000;
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    digits(out, t.getYear(), 4);
    out.write('-');
    digits(out, t.getMonthValue(), 2);
    out.write('-');
    digits(out, t.getDayOfMonth(), 2);
    out.write('T');
    digits(out, t.getHour(), 2);
    out.write(':');
    digits(out, t.getMinute(), 2);
    out.write(':');
    digits(out, t.getSecond(), 2);
    out.write('.');
    digits(out, micros, 6);
    ascii(out, "+00:00");
  }

  /** A header field: printable US-ASCII without spaces (RFC 5424 §6.2), else {@code _}. */
  private static void field(ByteArrayOutputStream out, String value, int max) {
    if (value.isEmpty()) {
      out.write('-');
      return;
    }
    int n = Math.min(value.length(), max);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      out.write(c > 32 && c < 127 ? c : '_');
    }
  }

  private static void digits(ByteArrayOutputStream out, long value, int width) {
    String s = Long.toString(value);
    for (int i = s.length(); i < width; i++) {
      out.write('0');
    }
    ascii(out, s);
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
