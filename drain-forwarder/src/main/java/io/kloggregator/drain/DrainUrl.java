package io.kloggregator.drain;

import io.kloggregator.schemas.syslog.SyslogFramer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed drain URL: {@code syslog://host[:port]} (TCP, port 514 by default),
 * {@code syslog-tls://host[:port]} (RFC 5425 TLS, port 6514 by default), or
 * {@code https://[user:password@]host[:port][/path]} (one POST per message) and
 * {@code https-batch://…} (newline-terminated messages in one POST), both on port 443 by default
 * with Basic auth from the user info. Query parameters: {@code framing=octet|lf} (syslog: RFC 6587
 * §3.4.1 octet counting by default, §3.4.2 newline framing on request; HTTPS: {@code lf} by
 * default, {@code octet} for the original's octet-counted body, {@code logplex} for Heroku
 * Logplex's), {@code drain-token=TOKEN} (Logplex), and for TLS {@code ca=FILE} (PEM CA to trust
 * instead of the JDK trust store) and {@code cert=FILE&key=FILE} (client certificate for mutual
 * TLS), files named relative to the policy's TLS files directory. Syslog URLs ignore other
 * parameters; HTTPS URLs pass them on in the request. Plain {@code http://} is refused.
 * Immutable.
 */
record DrainUrl(String url, boolean tls, String host, int port, SyslogFramer framing,
    Optional<Path> ca, Optional<Path> cert, Optional<Path> key, Optional<HttpsTarget> https) {

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
      case "syslog-tls", "https", "https-batch" -> true;
      case "http" -> throw new RefusedUrlException("plain http:// is not supported (use https://)");
      default -> throw new RefusedUrlException("unsupported scheme '" + scheme
          + "' (use syslog://, syslog-tls://, https:// or https-batch://)");
    };
    boolean http = scheme.startsWith("https");
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new RefusedUrlException("malformed URL: no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() == -1 ? (http ? 443 : tls ? 6514 : 514) : uri.getPort();
    if (port < 1 || port > 65535) {
      throw new RefusedUrlException("malformed URL: port out of range");
    }
    SyslogFramer framing = http ? SyslogFramer.NEWLINE : SyslogFramer.OCTET_COUNTING;
    boolean logplex = false;
    String drainToken = "d." + DrainMetrics.shortId(url);
    List<String> passOn = new ArrayList<>();
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
          case "framing" -> {
            logplex = http && "logplex".equalsIgnoreCase(value);
            framing = logplex ? SyslogFramer.OCTET_COUNTING : framing(value);
          }
          case "drain-token" -> drainToken = value;
          case "ca" -> ca = Optional.of(tlsFile(value, tls, policy));
          case "cert" -> cert = Optional.of(tlsFile(value, tls, policy));
          case "key" -> key = Optional.of(tlsFile(value, tls, policy));
          default -> passOn.add(pair);
        }
      }
    }
    if (cert.isPresent() != key.isPresent()) {
      throw new RefusedUrlException("cert and key must be given together");
    }
    DrainPolicy.checkName(host, policy);
    Optional<HttpsTarget> https = Optional.empty();
    if (http) {
      https = Optional.of(HttpsTarget.of(uri, scheme.equals("https-batch"), framing, logplex,
          drainToken, passOn));
    }
    return new DrainUrl(url, tls, host, port, framing, ca, cert, key, https);
  }

  /** The URL without user info and query, safe to show in notices and logs. */
  String display() {
    String scheme = https.map(h -> h.batch() ? "https-batch://" : "https://")
        .orElse(tls ? "syslog-tls://" : "syslog://");
    return scheme
        + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static SyslogFramer framing(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "octet", "octet-counting", "" -> SyslogFramer.OCTET_COUNTING;
      case "lf", "newline" -> SyslogFramer.NEWLINE;
      default -> throw new RefusedUrlException("unknown framing '" + value
          + "' (octet or lf; for https also logplex)");
    };
  }

  private static Path tlsFile(String value, boolean tls, ForwarderConfig.Policy policy) {
    if (!tls) {
      throw new RefusedUrlException("ca/cert/key need syslog-tls:// or https://");
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
