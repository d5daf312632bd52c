package io.kloggregator.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.Map;

/**
 * Where the commands read their environment and write: standard output (lines only, so it can
 * be piped), standard error (status and problems), the environment variables, whether colour is
 * allowed (a terminal and no {@code NO_COLOR}) and the local time zone. Made once in
 * {@link CliMain}; tests make their own.
 */
record Terminal(PrintWriter out, PrintWriter err, Map<String, String> env, boolean colour,
    ZoneId zone) {

  Terminal {
    env = Map.copyOf(env);
  }

  /** The variable's value, or {@code fallback} when it is unset or blank. */
  String env(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
