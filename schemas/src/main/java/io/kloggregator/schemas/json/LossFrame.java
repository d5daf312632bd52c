package io.kloggregator.schemas.json;

/**
 * The loss frame: {@code count} lines stamped {@code fromNanos..toNanos} that this client will
 * never see, why, and the JSON text it was read from. Immutable.
 */
public record LossFrame(long count, long fromNanos, long toNanos, String reason, String raw)
    implements JsonFrame {
}
