package io.kloggregator.gateway;

import java.time.Instant;
import java.util.Set;

/** What a verified token allows: the listed apps, or every app when {@code admin}, until expiry. */
record Grant(Set<String> apps, boolean admin, Instant expiresAt) {

  Grant {
    apps = Set.copyOf(apps);
  }

  boolean allows(String appId) {
    return admin || apps.contains(appId);
  }
}
