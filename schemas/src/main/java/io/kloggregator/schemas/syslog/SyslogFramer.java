package io.kloggregator.schemas.syslog;

import java.nio.charset.StandardCharsets;

/**
 * Transport framing of syslog messages over a stream (RFC 6587 §3.4), the one framer of
 * kloggregator, used by the drain forwarder and {@code logs replay --drain}.
 * {@link #OCTET_COUNTING} (§3.4.1, the default and the original's): {@code MSG-LEN SP SYSLOG-MSG},
 * MSG-LEN being the decimal number of bytes of the UTF-8 message including its trailing newline.
 * {@link #NEWLINE} (§3.4.2): the message as is, its trailing {@code \n} ending the frame; a
 * receiver splits a multi-line message there, so octet counting is the only framing that keeps
 * it whole. Stateless, thread-safe.
 */
public enum SyslogFramer {
  OCTET_COUNTING,
  NEWLINE;

  /** One framed message, ready for the wire; {@code message} is a {@link SyslogFormatter} line. */
  public byte[] frame(byte[] message) {
    if (this == NEWLINE) {
      return message;
    }
    byte[] prefix = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[prefix.length + message.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(message, 0, out, prefix.length, message.length);
    return out;
  }
}
