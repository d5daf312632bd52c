package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteGuardTest {

  private static final QueryRules TAIL = new QueryRules("/tail/", "recent", 0, 100, true);
  private static final QueryRules RECENT = new QueryRules("/recent", "n", 100, 100, false);

  private final TokenIssuer issuer = new TokenIssuer(AccessTest.SECRET, AccessTest.NOW);
  private final RouteGuard guard = new RouteGuard(
      new Access(new TokenVerifier(AccessTest.SECRET, AccessTest.NOW)),
      new GatewayMetrics(new SimpleMeterRegistry()));

  private MultiMap bearer(String... apps) {
    return AccessTest.headers("Authorization",
        "Bearer " + issuer.issue(List.of(apps), false, Duration.ofMinutes(1)));
  }

  /** Token mode decides at once: the future is complete. */
  private RouteGuard.Admission admit(String uri, MultiMap headers, QueryRules rules) {
    Future<RouteGuard.Admission> admission = guard.admit(uri, headers, rules);
    assertThat(admission.isComplete()).isTrue();
    return admission.result();
  }

  @Test
  void admittedRequestCarriesTheParsedQueryAndTheTokensExpiry() {
    RouteGuard.Admission admission = admit("/recent?app=a&n=7", bearer("a"), RECENT);

    assertThat(admission.admitted()).isTrue();
    assertThat(admission.request().query().appId()).isEqualTo("a");
    assertThat(admission.request().query().recent()).isEqualTo(7);
    assertThat(admission.request().expiresAt())
        .isEqualTo(Instant.parse("2026-11-25T10:01:00Z"));
  }

  @Test
  void malformedQueryIsRefusedWith400BeforeTheTokenIsLookedAt() {
    RouteGuard.Admission admission = admit("/recent?app=a&n=%zz", AccessTest.headers(),
        RECENT);

    assertThat(admission.admitted()).isFalse();
    assertThat(admission.status()).isEqualTo(400);
  }

  @Test
  void cursorIsRefusedWhereTheEndpointTakesNone() {
    assertThat(admit("/recent?app=a&cursor=0:5", bearer("a"), RECENT).status())
        .isEqualTo(400);
    assertThat(admit("/tail/?app=a&cursor=0:5", bearer("a"), TAIL).admitted()).isTrue();
  }

  @Test
  void missingTokenIs401AndAnotherAppsTokenIs403() {
    assertThat(admit("/tail/?app=a&format=json", AccessTest.headers(), TAIL).status())
        .isEqualTo(401);
    assertThat(admit("/tail/?app=a&format=json", bearer("b"), TAIL))
        .isEqualTo(RouteGuard.Admission.refused(403, "token does not grant access to app a"));
  }

  @Test
  void theOriginalClientIsRefusedWith401BasicForEveryDenial() {
    assertThat(admit("/tail/?app=a", bearer("b"), TAIL)).isEqualTo(
        RouteGuard.Admission.refusedAsOriginal("token does not grant access to app a"));
    RouteGuard.Admission missing = admit("/tail/?app=a", AccessTest.headers(), TAIL);
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.challenge()).isEqualTo("Basic");
    assertThat(missing.reason()).startsWith("You are not authorized.");
  }
}
