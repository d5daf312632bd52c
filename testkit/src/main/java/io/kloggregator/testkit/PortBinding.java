package io.kloggregator.testkit;

import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * Binds a server to a port by trying it, never by checking first: a preferred port is tried, and
 * when that start fails because the port is taken, the start is retried on a fallback port. A
 * server that can bind port 0 itself falls back to 0 (the kernel picks, no window); a child
 * process that must be told its port up front falls back to a {@link FreePorts#pick} and retries
 * again if someone took that one in between. The caller's start must release what it opened
 * when it fails.
 */
public final class PortBinding {

  private PortBinding() {
  }

  /** {@code start.apply(preferred)}, else, when that port is taken, {@code start.apply(0)}. */
  public static <T> T preferOrAny(int preferred, IntFunction<T> start) {
    return bind(preferred, () -> 0, 2, start);
  }

  /**
   * Starts on {@code preferred} (0 = none: a {@code fallback} port first) and on each port clash
   * again on a {@code fallback} port, {@code attempts} starts at most. Other failures and the
   * last clash are thrown as they are.
   */
  public static <T> T bind(int preferred, IntSupplier fallback, int attempts,
      IntFunction<T> start) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
    }
    int port = preferred != 0 ? preferred : fallback.getAsInt();
    for (int attempt = 1; ; attempt++) {
      try {
        return start.apply(port);
      } catch (RuntimeException e) {
        if (attempt >= attempts || !isPortClash(e)) {
          throw e;
        }
        port = fallback.getAsInt();
      }
    }
  }

  /** Whether {@code failure} or one of its causes says a port was already in use. */
  public static boolean isPortClash(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null
          && message.toLowerCase(Locale.ROOT).contains("address already in use")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
