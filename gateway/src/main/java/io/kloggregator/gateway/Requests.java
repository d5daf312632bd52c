package io.kloggregator.gateway;

import com.google.protobuf.UnsafeByteOperations;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Query-string parsing shared by the handlers. Stateless. */
final class Requests {

  private Requests() {
  }

  /**
   * The parameters of {@code uri}'s query, decoded (RFC 3986 percent-encoding, '+' = space).
   *
   * @throws BadRequestException when the query's percent-encoding is malformed
   */
  static MultiMap params(String uri) {
    Map<String, List<String>> decoded;
    try {
      decoded = new QueryStringDecoder(uri).parameters();
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("malformed query string: " + e.getMessage());
    }
    int query = uri.indexOf('?');
    if (query >= 0 && !percentDecodesToUtf8(uri.substring(query + 1))) {
      throw new BadRequestException("query string is not UTF-8 once percent-decoded");
    }
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, List<String>> entry : decoded.entrySet()) {
      params.add(entry.getKey(), entry.getValue());
    }
    return params;
  }

  /**
   * Whether the bytes {@code query}'s percent-escapes stand for are UTF-8 (called after the
   * decoder accepted every escape). Other characters are kept as their own UTF-8.
   */
  private static boolean percentDecodesToUtf8(String query) {
    if (query.indexOf('%') < 0) {
      return true;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
    int plain = 0;
    for (int i = query.indexOf('%'); i >= 0 && i + 2 < query.length(); i = query.indexOf('%', i)) {
      bytes.writeBytes(query.substring(plain, i).getBytes(StandardCharsets.UTF_8));
      bytes.write(Integer.parseInt(query, i + 1, i + 3, 16));
      i += 3;
      plain = i;
    }
    bytes.writeBytes(query.substring(plain).getBytes(StandardCharsets.UTF_8));
    return UnsafeByteOperations.unsafeWrap(bytes.toByteArray()).isValidUtf8();
  }
}
