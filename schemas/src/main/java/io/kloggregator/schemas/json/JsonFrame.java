package io.kloggregator.schemas.json;

/**
 * One frame of the gateway's JSON protocol: a {@link LineFrame} or a {@link LossFrame}, as
 * {@link JsonFrameEncoder} writes it and {@link JsonFrameParser} reads it from the text of a
 * WebSocket frame or an NDJSON row. Immutable.
 */
public sealed interface JsonFrame permits LineFrame, LossFrame {

  /** The frame's JSON text exactly as it was read (what {@code logs --json} prints). */
  String raw();
}
