package io.kloggregator.cli;

import io.kloggregator.schemas.proto.LogMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A {@link LogMessage} as the original loggregator's syslog drain line (RFC 5424 §6), the same
 * layout the drain forwarder writes: {@code <PRI>1 TIMESTAMP loggregator APP_ID PROCID - - MSG\n}
 * with PRI 14 (user.info) for OUT and 11 (user.err) for ERR, the message's own time in RFC 3339
 * UTC with microseconds and {@code +00:00}, PROCID {@code [App/<id>]} for app lines else
 * {@code [<source>]}, NUL bytes removed and a trailing newline added if missing; and its
 * octet-counted frame (RFC 6587 §3.4.1). Kept here because the CLI may depend on schemas only.
 * Stateless.
 */
final class SyslogLine {

  private SyslogLine() {
  }

  /** The syslog message, without framing. */
  static byte[] format(LogMessage m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(96 + m.getMessage().size());
    int pri = m.getMessageType() == LogMessage.MessageType.ERR ? 11 : 14;
    ascii(out, "<" + pri + ">1 " + timestamp(m.getTimestamp()) + " loggregator ");
    field(out, m.getAppId(), 48);
    out.write(' ');
    String source = m.getSourceName().isEmpty() ? "App" : m.getSourceName();
    field(out, "App".equals(source) ? "[App/" + m.getSourceId() + "]" : "[" + source + "]", 128);
    ascii(out, " - - ");
    int last = -1;
    for (byte b : m.getMessage().toByteArray()) {
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

  /** {@code MSG-LEN SP SYSLOG-MSG}; the length counts the message's bytes with its newline. */
  static byte[] octetCounted(byte[] message) {
    byte[] prefix = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] framed = new byte[prefix.length + message.length];
    System.arraycopy(prefix, 0, framed, 0, prefix.length);
    System.arraycopy(message, 0, framed, prefix.length, message.length);
    return framed;
  }

  /** RFC 3339 with microseconds, e.g. {@code 2026-11-25T02:55:00.123456+00:00}. */
  static String timestamp(long unixNanos) {
    long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
    long micros = Math.floorMod(unixNanos, 1_000_000_000L) / 1_000;
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    return String.format("%04d-%02d-%02dT%02d:%02d:%02d.%06d+00:00", t.getYear(),
        t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), micros);
  }

  /** A header field: printable US-ASCII without spaces (RFC 5424 §6.2), else {@code _}. */
  private static void field(ByteArrayOutputStream out, String value, int max) {
    if (value.isEmpty()) {
      out.write('-');
      return;
    }
    for (int i = 0; i < Math.min(value.length(), max); i++) {
      char c = value.charAt(i);
      out.write(c > 32 && c < 127 ? c : '_');
    }
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
