package io.kloggregator.drain;

import io.kloggregator.schemas.syslog.SyslogFramer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed drain URL: {@code syslog://host[:port]} (TCP, port 514 by default) or
 * {@code syslog-tls://host[:port]} (RFC 5425 TLS, port 6514 by default). Query parameters:
 * {@code framing=octet|lf} (RFC 6587 §3.4.1 octet counting by default, §3.4.2 newline framing on
 * request); for TLS, {@code ca=FILE} (PEM CA to trust instead of the JDK trust store) and
 * {@code cert=FILE&key=FILE} (client certificate for mutual TLS), files named relative to the
 * policy's TLS files directory. Other parameters are ignored. Immutable.
 */
record DrainUrl(String url, boolean tls, String host, int port, SyslogFramer framing,
    Optional<Path> ca, Optional<Path> cert, Optional<Path> key) {

  /** Parses {@code url} and applies the static part of {@code policy} (before any DNS lookup). */
  static DrainUrl parse(String url, ForwarderConfig.Policy policy) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      throw new RefusedUrlException("malformed URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls = switch (scheme) {
      case "syslog" -> false;
      case "syslog-tls" -> true;
      default -> throw new RefusedUrlException("unsupported scheme '" + scheme
          + "' (use syslog:// or syslog-tls://)");
    };
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new RefusedUrlException("malformed URL: no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() == -1 ? (tls ? 6514 : 514) : uri.getPort();
    if (port < 1 || port > 65535) {
      throw new RefusedUrlException("malformed URL: port out of range");
    }
    SyslogFramer framing = SyslogFramer.OCTET_COUNTING;
    Optional<Path> ca = Optional.empty();
    Optional<Path> cert = Optional.empty();
    Optional<Path> key = Optional.empty();
    String query = uri.getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1),
            StandardCharsets.UTF_8);
        switch (name) {
          case "framing" -> framing = framing(value);
          case "ca" -> ca = Optional.of(tlsFile(value, tls, policy));
          case "cert" -> cert = Optional.of(tlsFile(value, tls, policy));
          case "key" -> key = Optional.of(tlsFile(value, tls, policy));
          default -> { }
        }
      }
    }
    if (cert.isPresent() != key.isPresent()) {
      throw new RefusedUrlException("cert and key must be given together");
    }
    DrainPolicy.checkName(host, policy);
    return new DrainUrl(url, tls, host, port, framing, ca, cert, key);
  }

  /** The URL without user info and query, safe to show in notices and logs. */
  String display() {
    return (tls ? "syslog-tls://" : "syslog://")
        + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static SyslogFramer framing(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "octet", "octet-counting", "" -> SyslogFramer.OCTET_COUNTING;
      case "lf", "newline" -> SyslogFramer.NEWLINE;
      default -> throw new RefusedUrlException("unknown framing '" + value + "' (octet or lf)");
    };
  }

  private static Path tlsFile(String value, boolean tls, ForwarderConfig.Policy policy) {
    if (!tls) {
      throw new RefusedUrlException("ca/cert/key need syslog-tls://");
    }
    Path dir = policy.tlsFilesDir().orElseThrow(() -> new RefusedUrlException(
        "ca/cert/key parameters are disabled (KLOGGREGATOR_DRAIN_TLS_FILES_DIR is not set)"));
    Path file = dir.resolve(value).toAbsolutePath().normalize();
    if (!file.startsWith(dir)) {
      throw new RefusedUrlException("ca/cert/key must name a file inside the TLS files directory");
    }
    return file;
  }
}
