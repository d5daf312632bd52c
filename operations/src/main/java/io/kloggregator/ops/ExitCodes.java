package io.kloggregator.ops;

import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The exit codes every component's {@code *Main} uses, so an operator's supervisor can tell a
 * configuration mistake (fix the environment, do not restart in a loop) from a failed start.
 */
public final class ExitCodes {

  /** A setting is missing or invalid; the log line names the variable and the value. */
  public static final int BAD_CONFIG = 2;
  /** The configuration was valid but the component could not start (port taken, Kafka down). */
  public static final int START_FAILED = 1;

  /**
   * Returns the configuration {@code parse} builds, or logs {@code bad configuration: <message>}
   * and exits with {@link #BAD_CONFIG} when it refuses a setting. For {@code main} methods only.
   */
  public static <T> T configOrExit(Supplier<T> parse, Logger log) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      log.error("bad configuration: {}", e.getMessage());
      System.exit(BAD_CONFIG);
      throw new IllegalStateException("System.exit returned", e);
    }
  }

  private ExitCodes() {
  }
}
