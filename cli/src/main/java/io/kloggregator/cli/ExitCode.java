package io.kloggregator.cli;

/**
 * The CLI's exit codes, one per thing a script may want to tell apart. Documented in
 * {@code --help} and cli/README.md.
 */
final class ExitCode {

  static final int OK = 0;
  /** An unexpected failure (a bug, or an I/O error writing the output). */
  static final int FAILURE = 1;
  /** Bad command line (picocli's default for usage errors). */
  static final int USAGE = 2;
  /** A missing or bad setting (secret, key file): the message names the variable. */
  static final int BAD_CONFIG = 2;
  /** The gateway (or, for replay, Kafka or the drain) could not be reached. */
  static final int UNREACHABLE = 3;
  /** 401: no token, or the token is invalid or expired. */
  static final int UNAUTHORIZED = 4;
  /** 403: the token does not grant this app. */
  static final int FORBIDDEN = 5;
  /** The gateway refused the request otherwise (400 bad parameter, 503 busy, other status). */
  static final int REFUSED = 6;
  /** Interrupted (Ctrl-C is the JVM's own 130). */
  static final int INTERRUPTED = 130;

  private ExitCode() {
  }

  static final String HELP_LIST = "Exit codes:%n"
      + "  0    done (recent dump printed, replay finished)%n"
      + "  2    bad command line, or a bad setting (logs token)%n"
      + "  3    gateway unreachable (or Kafka / the syslog drain, for replay)%n"
      + "  4    401: no token, or invalid or expired token%n"
      + "  5    403: the token does not grant this app%n"
      + "  6    the gateway refused the request (bad parameter, busy)%n"
      + "  1    anything else";
}
