package io.kloggregator.drain;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.Set;

/**
 * Opens the connection of one drain: resolves the host off the event loop, checks every address
 * against the {@link DrainPolicy} (so a name that points at a private address is refused before
 * any packet is sent), then dials the first address with the shared {@link NetClient}. For
 * {@code syslog-tls://} the TLS handshake (RFC 5425: TLS 1.2 or 1.3, server certificate checked
 * against the JDK trust store or the binding's CA, host name verified as HTTPS does, optional
 * client certificate) is part of the connect; a failed handshake fails the connect, there is no
 * plaintext fallback. Stateless apart from its collaborators; thread-safe.
 */
final class DrainConnector {

  private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private final Vertx vertx;
  private final NetClient client;
  private final ForwarderConfig.Policy policy;
  private final int connectTimeoutMillis;

  DrainConnector(Vertx vertx, NetClient client, ForwarderConfig config) {
    this.vertx = vertx;
    this.client = client;
    this.policy = config.policy();
    this.connectTimeoutMillis = (int) config.timing().connectTimeout().toMillis();
  }

  /** Fails with {@link RefusedUrlException} when the policy forbids every resolved address. */
  Future<NetSocket> connect(DrainUrl url) {
    return vertx.executeBlocking(() -> resolve(url), false)
        .compose(address -> client.connect(options(url, address)));
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
    options.setSsl(true).setSslOptions(ssl);
    if (!HostRule.isIpLiteral(url.host())) {
      options.setSniServerName(url.host());
    }
    return options;
  }
}
