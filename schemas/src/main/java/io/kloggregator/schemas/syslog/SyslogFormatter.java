package io.kloggregator.schemas.syslog;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Writes a {@link LogMessage} as the original loggregator's syslog drain line (RFC 5424 §6),
 * the one formatter of kloggregator: the drain forwarder sends it, {@code logs replay --drain}
 * and {@code --format syslog} write it, and an HTTPS drain posts it as the body.
 *
 * <p>Layout: {@code <PRI>1 TIMESTAMP loggregator APP_ID PROCID - - MSG\n}.
 * <ul>
 *   <li>PRI (§6.2.1) is 14 (facility user, severity informational) for OUT and 11 (user, error)
 *       for ERR.
 *   <li>TIMESTAMP (§6.2.3) is the message's own time, RFC 3339 UTC with six fraction digits and
 *       {@code +00:00} for the zone.
 *   <li>HOSTNAME is the literal {@code loggregator}; APP-NAME (§6.2.5) is the app id.
 *   <li>PROCID (§6.2.6) is {@code [App/<source_id>]} for source name {@code App}, else
 *       {@code [<source_name>]}: {@code [RTR]}, {@code [LGR]}, and {@code []} for an empty source
 *       name, as the original wrote it.
 *   <li>MSGID and STRUCTURED-DATA are {@code -}.
 *   <li>A header field keeps printable US-ASCII (§6: {@code PRINTUSASCII}, no space) and writes
 *       {@code _} for any other character; it is cut to the field's maximum (48 for APP-NAME,
 *       128 for PROCID) and written {@code -} when empty.
 *   <li>MSG keeps the body's bytes (UTF-8 as sent, no BOM; embedded newlines kept, so a
 *       multi-line message stays one message) minus NUL bytes, plus a trailing {@code \n} if the
 *       last byte kept is not one.
 * </ul>
 * Stateless, thread-safe.
 */
public final class SyslogFormatter {

  private static final int MAX_APP_NAME = 48;
  private static final int MAX_PROCID = 128;
  /** The header's fixed bytes: PRI, version, timestamp, hostname, separators, dashes, LF. */
  private static final int FIXED_BYTES = 64;

  private SyslogFormatter() {
  }

  /** The syslog message (without framing), as UTF-8 bytes. */
  public static byte[] format(LogMessage m) {
    ByteString body = m.getMessage();
    String appId = m.getAppId();
    String procId = procId(m);
    byte[] out = new byte[FIXED_BYTES + appId.length() + procId.length() + body.size()];
    int n = 0;
    out[n++] = '<';
    out[n++] = '1';
    out[n++] = m.getMessageType() == LogMessage.MessageType.ERR ? (byte) '1' : (byte) '4';
    out[n++] = '>';
    out[n++] = '1';
    out[n++] = ' ';
    n = timestamp(out, n, m.getTimestamp());
    n = ascii(out, n, " loggregator ");
    n = field(out, n, appId, MAX_APP_NAME);
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

  /** PROCID before the header-field rule: {@code [App/<source_id>]} or {@code [<source>]}. */
  static String procId(LogMessage m) {
    String source = m.getSourceName();
    if ("App".equals(source)) {
      return "[App/" + m.getSourceId() + "]";
    }
    return "[" + source + "]";
  }

  /** RFC 3339 with microseconds, e.g. {@code 2026-11-25T02:55:00.123456+00:00}; 32 bytes. */
  private static int timestamp(byte[] out, int n, long unixNanos) {
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

  /** A header field: printable US-ASCII without spaces (RFC 5424 §6), else {@code _}. */
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

  /** {@code value} in exactly {@code width} decimal digits (a timestamp's year is 1677..2262). */
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
