package io.kloggregator.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Where drain bindings live in etcd, as the original's cloud controller (and later its
 * syslog_drain_binder) wrote them: key {@code /loggregator/services/<app id>/<sha1 hex of URL>},
 * value = the drain URL. The streams router reads this layout; the CLI's {@code logs drains}
 * writes it. Stateless.
 */
public final class BindingLayout {

  /** The etcd directory of every binding. */
  public static final String ETCD_PREFIX = "/loggregator/services/";

  /** Schemes a drain URL may use (the original's, plus CF's {@code https-batch}). */
  public static final Set<String> SCHEMES =
      Set.of("syslog", "syslog-tls", "https", "https-batch", "http");

  private BindingLayout() {
  }

  /** The key's last part: the SHA-1 of the URL's UTF-8 bytes, 40 lower-case hex digits. */
  public static String leaf(String url) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(url.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 missing from the JDK", e);
    }
  }

  /** The etcd directory of one app's bindings, with its trailing slash. */
  public static String appPrefix(String appId) {
    return ETCD_PREFIX + appId + "/";
  }

  /** The etcd key binding {@code url} to {@code appId}. */
  public static String etcdKey(String appId, String url) {
    return appPrefix(appId) + leaf(url);
  }
}
