package io.kloggregator.gateway;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;

/** Query-string parsing shared by the handlers. Stateless. */
final class Requests {

  private Requests() {
  }

  /** The parameters of {@code uri}'s query, decoded (RFC 3986 percent-encoding, '+' = space). */
  static MultiMap params(String uri) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, List<String>> entry
        : new QueryStringDecoder(uri).parameters().entrySet()) {
      params.add(entry.getKey(), entry.getValue());
    }
    return params;
  }
}
