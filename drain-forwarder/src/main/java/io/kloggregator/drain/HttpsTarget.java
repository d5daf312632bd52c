package io.kloggregator.drain;

import io.kloggregator.schemas.syslog.SyslogFramer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP part of an {@code https://} or {@code https-batch://} drain URL: one message per POST
 * or newline-terminated batches, the body's framing, the request target (path and the query
 * without the forwarder's own parameters), the {@code Authorization} header made from the URL's
 * user info, and for Logplex framing the drain token. Immutable.
 *
 * @param batch {@code https-batch://}: many messages per POST, flushed at a size or time bound
 * @param framing how messages are laid out in the body
 * @param requestUri path and query sent in the request line, {@code /} at least
 * @param authorization {@code Basic …} from the user info, when the URL has one
 * @param drainToken the {@code Logplex-Drain-Token} header's value
 */
record HttpsTarget(boolean batch, HttpsFraming framing, String requestUri,
    Optional<String> authorization, String drainToken) {

  /** The target of {@code uri}; {@code passOn} are the query pairs that are not the forwarder's. */
  static HttpsTarget of(URI uri, boolean batch, SyslogFramer framer, boolean logplex,
      String drainToken, List<String> passOn) {
    HttpsFraming framing = logplex ? HttpsFraming.LOGPLEX
        : framer == SyslogFramer.OCTET_COUNTING ? HttpsFraming.OCTET : HttpsFraming.NEWLINE;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = passOn.isEmpty() ? path : path + "?" + String.join("&", passOn);
    Optional<String> authorization = Optional.ofNullable(uri.getUserInfo()).map(u -> "Basic "
        + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
    return new HttpsTarget(batch, framing, target, authorization, drainToken);
  }

  /** Body layouts; each message is a {@code SyslogFormatter} line (ends with {@code \n}). */
  enum HttpsFraming {
    /** The messages as they are, each ending with its newline (Cloud Foundry today). */
    NEWLINE("text/plain"),
    /** RFC 6587 §3.4.1 octet-counted frames (the original's 2014 body). */
    OCTET("text/plain"),
    /** Octet-counted frames as Heroku Logplex posts them, with its headers. */
    LOGPLEX("application/logplex-1");

    final String contentType;

    HttpsFraming(String contentType) {
      this.contentType = contentType;
    }
  }
}
