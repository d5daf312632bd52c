package io.kloggregator.cli;

/**
 * One frame of the gateway's JSON protocol: a {@link LogLine} or a {@link LossNotice}.
 * {@link FrameParser} makes them from the text of a WebSocket frame or an NDJSON row.
 */
sealed interface Frame permits LogLine, LossNotice {

  /** The frame's JSON text exactly as the gateway sent it (printed by {@code --json}). */
  String raw();
}
