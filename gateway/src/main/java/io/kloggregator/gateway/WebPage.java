package io.kloggregator.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The live-tail page ({@code GET /}): one self-contained HTML file with its script, loaded from
 * the class path once. It uses only the gateway's own endpoints, so it needs no CDN. Served on the
 * event loop from memory.
 */
final class WebPage {

  private static final String RESOURCE = "/webroot/index.html";
  // The page's own inline script and styles; connections only back to this gateway.
  private static final String CSP = "default-src 'none'; script-src 'unsafe-inline'; "
      + "style-src 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self'";

  private final Buffer html;

  WebPage() {
    try (InputStream in = WebPage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing class path resource " + RESOURCE);
      }
      html = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  void handle(HttpServerRequest request) {
    request.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("Cache-Control", "no-cache")
        .end(html);
  }
}
