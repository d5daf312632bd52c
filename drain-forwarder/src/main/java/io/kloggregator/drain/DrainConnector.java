package io.kloggregator.drain;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.Set;

/**
 * Opens the link of one drain: resolves the host off the event loop, checks every address
 * against the {@link DrainPolicy} (so a name that points at a private address is refused before
 * any packet is sent), then dials the first address with the shared {@link NetClient}
 * ({@link SocketLink}), or for {@code https://} and {@code https-batch://} pins that address for
 * the shared {@link HttpClient}'s requests ({@link HttpsLink}; the client connects on the first
 * POST, with the same TLS options). For {@code syslog-tls://} the TLS handshake (RFC 5425: TLS
 * 1.2 or 1.3, server certificate checked against the JDK trust store or the binding's CA, host
 * name verified as HTTPS does, optional client certificate) is part of the connect; a failed
 * handshake fails the connect (for HTTPS: the request), there is no plaintext fallback.
 * Stateless apart from its collaborators; thread-safe.
 */
final class DrainConnector {

  private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private final Vertx vertx;
  private final NetClient client;
  private final HttpClient http;
  private final ForwarderConfig config;
  private final ForwarderConfig.Policy policy;
  private final int connectTimeoutMillis;

  DrainConnector(Vertx vertx, NetClient client, HttpClient http, ForwarderConfig config) {
    this.vertx = vertx;
    this.client = client;
    this.http = http;
    this.config = config;
    this.policy = config.policy();
    this.connectTimeoutMillis = (int) config.timing().connectTimeout().toMillis();
  }

  /** Fails with {@link RefusedUrlException} when the policy forbids any resolved address. */
  Future<DrainLink> open(DrainUrl url) {
    return vertx.executeBlocking(() -> resolve(url), false).compose(address -> {
      if (url.https().isPresent()) {
        return Future.succeededFuture(new HttpsLink(vertx, http, url.https().get(),
            requestOptions(url, address), config.https()));
      }
      return client.connect(options(url, address)).map(s -> new SocketLink(s, url.framing(),
          config.limits().maxWriteBytes()));
    });
  }

  private InetAddress resolve(DrainUrl url) throws java.net.UnknownHostException {
    InetAddress[] all = InetAddress.getAllByName(url.host());
    for (InetAddress a : all) {
      DrainPolicy.checkAddress(url.host(), a, policy);
    }
    return all[0];
  }

  private ConnectOptions options(DrainUrl url, InetAddress address) {
    ConnectOptions options = new ConnectOptions()
        .setRemoteAddress(SocketAddress.inetSocketAddress(url.port(), address.getHostAddress()))
        .setHost(url.host())
        .setPort(url.port())
        .setTimeout(connectTimeoutMillis);
    if (!url.tls()) {
      return options;
    }
    options.setSsl(true).setSslOptions(ssl(url));
    if (!HostRule.isIpLiteral(url.host())) {
      options.setSniServerName(url.host());
    }
    return options;
  }

  /** A POST to the checked {@code address}, with the URL's host in {@code Host} and for TLS. */
  private RequestOptions requestOptions(DrainUrl url, InetAddress address) {
    return new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setServer(SocketAddress.inetSocketAddress(url.port(), address.getHostAddress()))
        .setHost(url.host())
        .setPort(url.port())
        .setURI(url.https().orElseThrow().requestUri())
        .setSsl(true)
        .setSslOptions(ssl(url))
        .setFollowRedirects(false)
        .setConnectTimeout(connectTimeoutMillis)
        .setIdleTimeout(config.timing().sendTimeout().toMillis());
  }

  private ClientSSLOptions ssl(DrainUrl url) {
    ClientSSLOptions ssl = new ClientSSLOptions()
        .setHostnameVerificationAlgorithm("HTTPS")
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setSslHandshakeTimeout(connectTimeoutMillis)
        .setSslHandshakeTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    url.ca().ifPresent(ca -> ssl.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
    if (url.cert().isPresent() && url.key().isPresent()) {
      ssl.setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(url.cert().get().toString())
          .setKeyPath(url.key().get().toString()));
    }
    return ssl;
  }
}
