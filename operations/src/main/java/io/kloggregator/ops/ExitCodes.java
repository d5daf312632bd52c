package io.kloggregator.ops;

/**
 * The exit codes every component's {@code *Main} uses, so an operator's supervisor can tell a
 * configuration mistake (fix the environment, do not restart in a loop) from a failed start.
 */
public final class ExitCodes {

  /** A setting is missing or invalid; the log line names the variable and the value. */
  public static final int BAD_CONFIG = 2;
  /** The configuration was valid but the component could not start (port taken, Kafka down). */
  public static final int START_FAILED = 1;

  private ExitCodes() {
  }
}
