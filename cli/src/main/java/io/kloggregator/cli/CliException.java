package io.kloggregator.cli;

/**
 * A failure the user can act on: a message that says what went wrong and what to do, and the
 * {@link ExitCode} to leave with. Printed without a stack trace.
 */
final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
