package io.kloggregator.gateway;

import java.nio.charset.StandardCharsets;

/**
 * A refused Log Cache read in Log Cache's own form: its gateway (grpc-gateway) answers a gRPC
 * status as JSON {@code {"code":N,"message":"…","details":[]}} with the HTTP status of the code.
 * A query it cannot parse is INVALID_ARGUMENT (3, HTTP 400); what its reader refuses (limit over
 * 1,000, start after end, a bad name filter) reaches the gateway as UNKNOWN (2, HTTP 500).
 */
final class LogCacheError extends RuntimeException {

  static final int INVALID_ARGUMENT = 3;
  static final int UNKNOWN = 2;

  private final int code;

  private LogCacheError(int code, String message) {
    super(message);
    this.code = code;
  }

  /** A query that does not parse (HTTP 400). */
  static LogCacheError invalid(String message) {
    return new LogCacheError(INVALID_ARGUMENT, message);
  }

  /** A query the reader refuses (HTTP 500, as Log Cache answers it). */
  static LogCacheError refused(String message) {
    return new LogCacheError(UNKNOWN, message);
  }

  int code() {
    return code;
  }

  int httpStatus() {
    return code == INVALID_ARGUMENT ? 400 : 500;
  }

  byte[] json() {
    return ("{\"code\":" + code + ",\"message\":\"" + escape(getMessage())
        + "\",\"details\":[]}").getBytes(StandardCharsets.UTF_8);
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
