package io.kloggregator.router;

import io.kloggregator.schemas.BindingLayout;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The binding id {@code <app id>/<leaf>} (the leaf is the SHA-1 hex of the URL when the cloud
 * controller wrote it) and the checks on it and on drain URLs, shared by the etcd mirror and the
 * topology. Each check returns the reason a value is rejected, or empty when it is fine.
 */
final class BindingKeys {

  /** Why a binding is refused: the {@code reason} tags of the binding counters. */
  static final String NO_KEY = "no_key";
  static final String BAD_BINDING_ID = "bad_binding_id";
  static final String EMPTY_URL = "empty_url";
  static final String URL_TOO_LONG = "url_too_long";
  static final String UNPARSABLE_URL = "unparsable_url";
  static final String UNSUPPORTED_SCHEME = "unsupported_scheme";
  static final String NO_HOST = "no_host";
  static final List<String> REFUSALS = List.of(NO_KEY, BAD_BINDING_ID, EMPTY_URL, URL_TOO_LONG,
      UNPARSABLE_URL, UNSUPPORTED_SCHEME, NO_HOST);

  /** Schemes a drain may use: syslog (TCP), syslog-tls, https and https-batch. */
  static final Set<String> SCHEMES = BindingLayout.SCHEMES;

  /**
   * Longest drain URL accepted. Every bindings record and every drain record carries the URL, and
   * a value etcd accepts (up to 1.5 MiB) can exceed Kafka's record limit, which would fail every
   * mirror write and start a full resync again and again.
   */
  static final int MAX_URL_CHARS = 4096;

  /** Where the cloud controller keeps bindings: {@code <prefix><app id>/<leaf>} → URL. */
  static final String ETCD_PREFIX = BindingLayout.ETCD_PREFIX;

  private BindingKeys() {
  }

  /** The binding id of an etcd key, or empty when the key is not a binding leaf. */
  static Optional<String> bindingIdOf(String etcdKey) {
    if (!etcdKey.startsWith(ETCD_PREFIX)) {
      return Optional.empty();
    }
    String bindingId = etcdKey.substring(ETCD_PREFIX.length());
    return checkBindingId(bindingId).isEmpty() ? Optional.of(bindingId) : Optional.empty();
  }

  /** The app id of a valid binding id. */
  static String appId(String bindingId) {
    return bindingId.substring(0, bindingId.indexOf('/'));
  }

  /** Empty when {@code bindingId} is {@code <app id>/<leaf>} with both parts non-empty. */
  static Optional<String> checkBindingId(String bindingId) {
    if (bindingId == null) {
      return Optional.of(NO_KEY);
    }
    int slash = bindingId.indexOf('/');
    if (slash <= 0 || slash == bindingId.length() - 1 || bindingId.indexOf('/', slash + 1) >= 0) {
      return Optional.of(BAD_BINDING_ID);
    }
    return Optional.empty();
  }

  /** Empty when {@code url} parses and has a drain scheme and a host. */
  static Optional<String> checkUrl(String url) {
    if (url == null || url.isBlank()) {
      return Optional.of(EMPTY_URL);
    }
    if (url.length() > MAX_URL_CHARS) {
      return Optional.of(URL_TOO_LONG);
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      return Optional.of(UNPARSABLE_URL);
    }
    if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
      return Optional.of(UNSUPPORTED_SCHEME);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of(NO_HOST);
    }
    return Optional.empty();
  }
}
