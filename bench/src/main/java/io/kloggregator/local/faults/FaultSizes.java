package io.kloggregator.local.faults;

import java.time.Duration;

/**
 * How big a fault scenario is: {@code apps} app instances writing {@code linesPerSecond} in all,
 * {@code warmUp} of traffic before the fault, {@code afterRecovery} of traffic once tail and dump
 * have recovered, at most {@code recoveryLimit} waiting for recovery and {@code settleLimit} for
 * the last lines to arrive after the apps stop.
 */
record FaultSizes(int apps, int linesPerSecond, Duration warmUp, Duration afterRecovery,
    Duration recoveryLimit, Duration settleLimit) {

  FaultSizes {
    if (apps < 1 || linesPerSecond < 1) {
      throw new IllegalArgumentException("apps and linesPerSecond must be >= 1, were " + apps
          + " and " + linesPerSecond);
    }
    if (warmUp.isNegative() || afterRecovery.isNegative()
        || recoveryLimit.compareTo(Duration.ZERO) <= 0
        || settleLimit.compareTo(Duration.ZERO) <= 0) {
      throw new IllegalArgumentException("durations must not be negative, limits positive");
    }
  }
}
