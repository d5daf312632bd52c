package io.kloggregator.drain;

import io.kloggregator.schemas.syslog.SyslogFormatter;
import io.kloggregator.schemas.syslog.SyslogFramer;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body and headers of one POST to an HTTPS drain, built from the head of the drain's queue:
 * for {@code https://} one message, for {@code https-batch://} messages up to
 * {@code maxBytes} (at least one). Each message is a {@link SyslogFormatter} line (RFC 5424,
 * ending with its newline), laid out as the target's {@link HttpsTarget.HttpsFraming} says.
 * Headers: {@code Content-Type}, {@code Authorization} from the URL's user info, and for Logplex
 * {@code Logplex-Msg-Count}, {@code Logplex-Frame-Id} (a digest of the body, so a retry of the
 * same lines carries the same id) and {@code Logplex-Drain-Token}. Immutable once built.
 */
final class HttpsRequestBody {

  /** Bytes of a message beyond its text, for {@link #reaches}: header fields and framing. */
  private static final int OVERHEAD_ESTIMATE = 100;

  private final List<PendingLine> lines;
  private final Buffer body;
  private final Map<String, String> headers;

  private HttpsRequestBody(List<PendingLine> lines, Buffer body, Map<String, String> headers) {
    this.lines = lines;
    this.body = body;
    this.headers = headers;
  }

  /** Takes the lines of one request from the head of {@code queue} (not empty). */
  static HttpsRequestBody take(ArrayDeque<PendingLine> queue, HttpsTarget target, int maxBytes) {
    SyslogFramer framer = target.framing() == HttpsTarget.HttpsFraming.NEWLINE
        ? SyslogFramer.NEWLINE : SyslogFramer.OCTET_COUNTING;
    Buffer body = Buffer.buffer(target.batch() ? Math.min(maxBytes, 64 * 1024) : 512);
    List<PendingLine> lines = new ArrayList<>();
    while (!queue.isEmpty()) {
      byte[] frame = framer.frame(SyslogFormatter.format(queue.peek().message()));
      if (!lines.isEmpty() && body.length() + frame.length > maxBytes) {
        break;
      }
      body.appendBytes(frame);
      lines.add(queue.poll());
      if (!target.batch()) {
        break;
      }
    }
    return new HttpsRequestBody(lines, body, headers(target, lines.size(), body));
  }

  /** Whether the queue's lines, formatted, would likely fill {@code maxBytes} (no formatting). */
  static boolean reaches(ArrayDeque<PendingLine> queue, int maxBytes) {
    long bytes = 0;
    for (PendingLine l : queue) {
      bytes += l.message().getMessage().size() + OVERHEAD_ESTIMATE;
      if (bytes >= maxBytes) {
        return true;
      }
    }
    return false;
  }

  List<PendingLine> lines() {
    return lines;
  }

  Buffer body() {
    return body;
  }

  /** The request headers, in the order sent. */
  Map<String, String> headers() {
    return headers;
  }

  private static Map<String, String> headers(HttpsTarget target, int count, Buffer body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", target.framing().contentType);
    target.authorization().ifPresent(a -> h.put("Authorization", a));
    if (target.framing() == HttpsTarget.HttpsFraming.LOGPLEX) {
      h.put("Logplex-Msg-Count", String.valueOf(count));
      h.put("Logplex-Frame-Id", frameId(body));
      h.put("Logplex-Drain-Token", target.drainToken());
    }
    return h;
  }

  /** 32 hex digits of the body's SHA-256: equal bodies, equal ids. */
  static String frameId(Buffer body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
