package io.kloggregator.drain;

import java.util.List;
import java.util.Locale;

/**
 * Why a drain's link failed, as the {@code reason} of {@code kloggregator.drain.failed}: each
 * failure closes the link, backs off and sends the unsettled lines again. {@code text} is what
 * the app's notice line says. Immutable.
 *
 * @param reason one of {@link #REASONS}
 * @param text the failure as the notice line shows it
 */
record LinkFailure(String reason, String text) {

  /** TCP connect or name resolution failed (refused, unreachable, connect timeout). */
  static final String CONNECT = "connect";
  /** The TLS handshake failed (untrusted or wrong certificate, protocol). */
  static final String TLS = "tls";
  /** The receiver closed the connection (before answering, for HTTPS). */
  static final String CLOSED = "closed";
  /** A write not taken, or an HTTPS request not answered, within the send timeout. */
  static final String TIMEOUT = "timeout";
  /** An HTTPS receiver answered 429 or 5xx. */
  static final String STATUS = "status";
  /** Any other network error on an open link. */
  static final String IO = "io";
  /** Every reason, registered at 0 with each drain's meters. */
  static final List<String> REASONS = List.of(CONNECT, TLS, CLOSED, TIMEOUT, STATUS, IO);

  static LinkFailure closedByReceiver() {
    return new LinkFailure(CLOSED, "connection closed by the receiver");
  }

  static LinkFailure sendTimeout() {
    return new LinkFailure(TIMEOUT, "send timeout");
  }

  /** Classifies {@code e}; {@code connecting} when it ended a connect attempt. */
  static LinkFailure of(Throwable e, boolean connecting) {
    return new LinkFailure(reasonOf(e, connecting), describe(e));
  }

  private static String reasonOf(Throwable e, boolean connecting) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpsLink.RetryableStatusException) {
        return STATUS;
      }
      if (t instanceof javax.net.ssl.SSLException) {
        return TLS;
      }
      if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
          || t instanceof java.net.NoRouteToHostException) {
        return CONNECT;
      }
      String name = t.getClass().getSimpleName().toLowerCase(Locale.ROOT);
      if (name.contains("timeout")) {
        return connecting ? CONNECT : TIMEOUT;
      }
      if (name.contains("closed")) {
        return CLOSED;
      }
    }
    return connecting ? CONNECT : IO;
  }

  /** The exception and, when different, its root cause (where TLS says what was wrong). */
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
        + e.getMessage());
    if (root != e && root.getMessage() != null && !text.contains(root.getMessage())) {
      text += " (" + root.getMessage() + ")";
    }
    return text.length() > 300 ? text.substring(0, 300) : text;
  }
}
