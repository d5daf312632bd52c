package io.kloggregator.gateway;

import io.kloggregator.schemas.envelopes.EnvelopeMapping;
import io.kloggregator.schemas.json.JsonFrameEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * How a WebSocket stream frames its lines and loss notices, one per generation of client:
 * kloggregator's JSON text frames, the original's binary {@code LogMessage} frames, and
 * Doppler's binary dropsonde {@code Envelope} frames (mapped by {@link EnvelopeMapping}).
 * Stateless.
 */
enum FrameEncoding {

  /** kloggregator's JSON text frame per line; the loss frame {@code {"type":"loss",...}}. */
  JSON {
    @Override
    void writeLine(ServerWebSocket ws, TopicLine line) {
      TextFrames.write(ws, line.json());
    }

    @Override
    void writeLoss(ServerWebSocket ws, LossNotice notice) {
      ws.writeTextMessage(JsonFrameEncoder.loss(notice.count(), notice.from(), notice.to(),
          notice.reason()));
    }
  },

  /** The original's (2013) binary frame: the stored {@code LogMessage} bytes as they are. */
  LOG_MESSAGE {
    @Override
    void writeLine(ServerWebSocket ws, TopicLine line) {
      ws.writeBinaryMessage(Buffer.buffer(line.raw()));
    }

    @Override
    void writeLoss(ServerWebSocket ws, LossNotice notice) {
      ws.writeBinaryMessage(Buffer.buffer(notice.logMessage().toByteArray()));
    }
  },

  /** Doppler's (2015-2020) binary frame: a dropsonde {@code Envelope} of one line. */
  DROPSONDE {
    @Override
    void writeLine(ServerWebSocket ws, TopicLine line) {
      ws.writeBinaryMessage(Buffer.buffer(line.dropsonde()));
    }

    @Override
    void writeLoss(ServerWebSocket ws, LossNotice notice) {
      ws.writeBinaryMessage(Buffer.buffer(
          EnvelopeMapping.toDropsonde(notice.logMessage()).toByteArray()));
    }
  };

  abstract void writeLine(ServerWebSocket ws, TopicLine line);

  abstract void writeLoss(ServerWebSocket ws, LossNotice notice);

  /** The encoding a tail or dump query asked for. */
  static FrameEncoding of(TailQuery.Format format) {
    return format == TailQuery.Format.PROTOBUF ? LOG_MESSAGE : JSON;
  }
}
