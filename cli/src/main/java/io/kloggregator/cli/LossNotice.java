package io.kloggregator.cli;

/**
 * The gateway's loss frame: {@code count} lines stamped {@code fromNanos..toNanos} that this
 * client will never see, and why. Immutable.
 */
record LossNotice(long count, long fromNanos, long toNanos, String reason, String raw)
    implements Frame {
}
