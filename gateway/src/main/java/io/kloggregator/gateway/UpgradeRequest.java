package io.kloggregator.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A WebSocket upgrade taken from the server's request handler rather than its handshake handler,
 * so that a refusal can be a whole HTTP answer: the status, the challenge and the reason, as the
 * original traffic controller refused an upgrade from April 2014 (Vert.x's
 * {@link ServerWebSocketHandshake#reject(int)} sends the bare status). Accepting upgrades the
 * request ({@link HttpServerRequest#toWebSocket}); the request is paused until then, so nothing
 * the client sends after its handshake is read before the socket exists.
 */
final class UpgradeRequest implements ServerWebSocketHandshake {

  private final HttpServerRequest request;

  UpgradeRequest(HttpServerRequest request) {
    this.request = request;
    request.pause();
  }

  /**
   * Refuses the upgrade with {@code status}, {@code reason} as the text body and, when not null,
   * {@code challenge} as {@code WWW-Authenticate} (on a 401) or {@code retryAfter} seconds (on a
   * 503).
   */
  void refuse(int status, String reason, String challenge, String retryAfter) {
    if (status == 401 && challenge != null) {
      request.response().putHeader("WWW-Authenticate", challenge);
    } else if (status == 503 && retryAfter != null) {
      request.response().putHeader("Retry-After", retryAfter);
    }
    Endpoints.respond(request, status, reason);
  }

  @Override
  public Future<ServerWebSocket> accept() {
    return request.toWebSocket();
  }

  @Override
  public Future<Void> reject(int status) {
    return request.response().setStatusCode(status).end();
  }

  @Override
  public MultiMap headers() {
    return request.headers();
  }

  @Override
  public String scheme() {
    return request.scheme();
  }

  @Override
  public HostAndPort authority() {
    return request.authority();
  }

  @Override
  public String uri() {
    return request.uri();
  }

  @Override
  public String path() {
    return request.path();
  }

  @Override
  public String query() {
    return request.query();
  }

  @Override
  public SocketAddress remoteAddress() {
    return request.remoteAddress();
  }

  @Override
  public SocketAddress localAddress() {
    return request.localAddress();
  }

  @Override
  public boolean isSsl() {
    return request.isSSL();
  }

  @Override
  public SSLSession sslSession() {
    return request.sslSession();
  }

  @Override
  public List<Certificate> peerCertificates() throws SSLPeerUnverifiedException {
    return request.connection().peerCertificates();
  }
}
