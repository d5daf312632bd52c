package io.kloggregator.gateway;

import io.vertx.core.buffer.Buffer;

/**
 * A {@code multipart/x-protobuf} body as loggregator's {@code /recent} and Doppler's
 * {@code /apps/<id>/recentlogs} sent it: each part {@code --BOUNDARY CRLF CRLF <message> CRLF}
 * (no part headers), closed by {@code --BOUNDARY-- CRLF}. Used by {@link RecentHandler} (one
 * LogMessage per part) and {@link RecentLogsHandler} (one dropsonde Envelope per part). Not
 * thread-safe; one per response.
 */
final class MultipartBody {

  static final String BOUNDARY = "kloggregator-recent-boundary";
  static final String CONTENT_TYPE = "multipart/x-protobuf; boundary=" + BOUNDARY;

  private final Buffer body = Buffer.buffer();

  MultipartBody add(byte[] part) {
    body.appendString("--" + BOUNDARY + "\r\n\r\n").appendBytes(part).appendString("\r\n");
    return this;
  }

  /** The body, closed by the final boundary. */
  Buffer close() {
    return body.appendString("--" + BOUNDARY + "--\r\n");
  }
}
