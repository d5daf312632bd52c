package io.kloggregator.drain;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import java.time.LocalDateTime;
import java.util.Arrays;
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

  private static final int MAX_PROCID = 128;

  private SyslogFormatter() {
  }

  /** The syslog message (without framing). */
  static byte[] format(LogMessage m) {
    ByteString body = m.getMessage();
    String appId = m.getAppId();
    String procId = procId(m);
    byte[] out = new byte[64 + appId.length() + procId.length() + body.size()];
    int n = 0;
    out[n++] = '<';
    out[n++] = '1';
    out[n++] = m.getMessageType() == LogMessage.MessageType.ERR ? (byte) '1' : (byte) '4';
    out[n++] = '>';
    out[n++] = '1';
    out[n++] = ' ';
    n = timestamp(out, n, m.getTimestamp());
    n = ascii(out, n, " loggregator ");
    n = field(out, n, appId, 48);
    out[n++] = ' ';
    n = field(out, n, procId, MAX_PROCID);
    n = ascii(out, n, " - - ");
    byte last = -1;
    for (int i = 0, size = body.size(); i < size; i++) {
      byte b = body.byteAt(i);
      if (b != 0) {
        out[n++] = b;
        last = b;
      }
    }
    if (last != '\n') {
      out[n++] = '\n';
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  static String procId(LogMessage m) {
    String source = m.getSourceName();
    if ("App".equals(source)) {
      return "[App/" + m.getSourceId() + "]";
    }
    return "[" + source + "]";
  }

  /** RFC 3339 with microseconds, e.g. {@code 2026-11-25T02:55:00.123456+00:00}; 32 bytes. */
  static int timestamp(byte[] out, int n, long unixNanos) {
    long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
    long micros = Math.floorMod(unixNanos, 1_000_000_000L) / 1_000;
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    n = digits(out, n, t.getYear(), 4);
    out[n++] = '-';
    n = digits(out, n, t.getMonthValue(), 2);
    out[n++] = '-';
    n = digits(out, n, t.getDayOfMonth(), 2);
    out[n++] = 'T';
    n = digits(out, n, t.getHour(), 2);
    out[n++] = ':';
    n = digits(out, n, t.getMinute(), 2);
    out[n++] = ':';
    n = digits(out, n, t.getSecond(), 2);
    out[n++] = '.';
    n = digits(out, n, micros, 6);
    return ascii(out, n, "+00:00");
  }

  /** A header field: printable US-ASCII without spaces (RFC 5424 §6.2), else {@code _}. */
  private static int field(byte[] out, int n, String value, int max) {
    if (value.isEmpty()) {
      out[n++] = '-';
      return n;
    }
    int len = Math.min(value.length(), max);
    for (int i = 0; i < len; i++) {
      char c = value.charAt(i);
      out[n++] = c > 32 && c < 127 ? (byte) c : (byte) '_';
    }
    return n;
  }

  /** {@code value} in exactly {@code width} decimal digits (years past 9999 are cut). */
  private static int digits(byte[] out, int n, long value, int width) {
    long v = value;
    for (int i = width - 1; i >= 0; i--) {
      out[n + i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    return n + width;
  }

  private static int ascii(byte[] out, int n, String s) {
    for (int i = 0; i < s.length(); i++) {
      out[n++] = (byte) s.charAt(i);
    }
    return n;
  }
}
