package io.kloggregator.gateway;

import java.util.Set;

/** What a verified token allows: the listed apps, or every app when {@code admin}. */
record Grant(Set<String> apps, boolean admin) {

  Grant {
    apps = Set.copyOf(apps);
  }

  boolean allows(String appId) {
    return admin || apps.contains(appId);
  }
}
