package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTest {

  static final String SECRET = "0123456789abcdef0123456789abcdef";
  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

  final TokenIssuer issuer = new TokenIssuer(SECRET, NOW);
  final Access access = new Access(new TokenVerifier(SECRET, NOW));

  static MultiMap headers(String... pairs) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      map.add(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  int status(MultiMap headers, MultiMap params, String app) {
    return access.check(headers, params, app).status();
  }

  @Test
  void bearerHeaderForTheAppIsAllowed() {
    String token = issuer.issue(List.of("a", "b"), false, Duration.ofMinutes(1));

    assertThat(status(headers("Authorization", "Bearer " + token), headers(), "b")).isEqualTo(200);
  }

  @Test
  void allowedDecisionCarriesTheTokensExpiry() {
    String token = issuer.issue(List.of("a"), false, Duration.ofMinutes(3));

    assertThat(access.check(headers("Authorization", "Bearer " + token), headers(), "a")
        .expiresAt()).isEqualTo(NOW.instant().plus(Duration.ofMinutes(3)));
  }

  @Test
  void originalLowerCaseBearerInQueryParameterIsAllowed() {
    String token = issuer.issue(List.of("a"), false, Duration.ofMinutes(1));

    assertThat(status(headers(), headers("authorization", "bearer " + token), "a"))
        .isEqualTo(200);
  }

  @Test
  void missingTokenIs401() {
    assertThat(access.check(headers(), headers(), "a"))
        .isEqualTo(Access.Decision.refused(401,
            "authorization required: send 'Authorization: Bearer <token>'"));
  }

  @Test
  void tokenForOtherAppsIs403() {
    String token = issuer.issue(List.of("a"), false, Duration.ofMinutes(1));

    assertThat(status(headers("Authorization", "Bearer " + token), headers(), "z"))
        .isEqualTo(403);
  }

  @Test
  void adminTokenAllowsEveryApp() {
    String token = issuer.issue(List.of(), true, Duration.ofMinutes(1));

    assertThat(status(headers("Authorization", "Bearer " + token), headers(), "z"))
        .isEqualTo(200);
  }

  @Test
  void expiredTokenIs401() {
    String token = new TokenIssuer(SECRET, Clock.offset(NOW, Duration.ofMinutes(-2)))
        .issue(List.of("a"), false, Duration.ofMinutes(1));

    assertThat(status(headers("Authorization", "Bearer " + token), headers(), "a"))
        .isEqualTo(401);
  }

  @Test
  void tokenSignedWithAnotherKeyIs401() {
    String token = new TokenIssuer("another-key-another-key-another-key", NOW)
        .issue(List.of("a"), true, Duration.ofMinutes(1));

    assertThat(status(headers("Authorization", "Bearer " + token), headers(), "a"))
        .isEqualTo(401);
  }

  @Test
  void unsignedTokenIs401() {
    String token = issuer.issue(List.of("a"), true, Duration.ofMinutes(1));
    String[] parts = token.split("\\.");
    String none = "eyJhbGciOiJub25lIn0." + parts[1] + ".";

    assertThat(status(headers("Authorization", "Bearer " + none), headers(), "a"))
        .isEqualTo(401);
  }

  @Test
  void garbageTokenIs401() {
    assertThat(status(headers("Authorization", "Bearer not.a.jwt"), headers(), "a"))
        .isEqualTo(401);
  }

  @Test
  void onlyAnAdminTokenPassesTheAdminCheck() {
    String app = issuer.issue(List.of("a"), false, Duration.ofMinutes(1));
    String admin = issuer.issue(List.of(), true, Duration.ofMinutes(1));

    assertThat(access.checkAdmin(headers("Authorization", "Bearer " + app), headers()))
        .isEqualTo(Access.Decision.refused(403, "this endpoint needs an admin token"));
    assertThat(access.checkAdmin(headers("Authorization", "Bearer " + admin), headers())
        .allowed()).isTrue();
    assertThat(access.checkAdmin(headers(), headers()).status()).isEqualTo(401);
  }
}
