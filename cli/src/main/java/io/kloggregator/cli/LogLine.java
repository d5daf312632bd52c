package io.kloggregator.cli;

/**
 * One log line as the gateway sends it: app id, source name ({@code App}, {@code RTR}, ...),
 * instance (source id, may be empty), type ({@code OUT} or {@code ERR}), Unix time in
 * nanoseconds, text, and the cursor {@code partition:offset} that resumes after it (empty when
 * the line came from a source without one, such as a replay). Immutable.
 */
record LogLine(String app, String source, String instance, String type, long timestampNanos,
    String text, String cursor, String raw) implements Frame {

  boolean isErr() {
    return "ERR".equals(type);
  }
}
