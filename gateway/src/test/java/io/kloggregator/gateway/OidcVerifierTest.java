package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OidcVerifier} with its {@link JwksKeys} against a provider served by a real HTTP server
 * ({@link IdentityProviderStub}): discovery, keys, rotation, and every token it must refuse.
 */
class OidcVerifierTest {

  static final Clock CLOCK = AccessTest.NOW;
  static final Instant NOW = CLOCK.instant();

  final Vertx vertx = Vertx.vertx();
  final IdentityProviderStub provider = IdentityProviderStub.start(vertx);
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final RSAKey first = IdentityProviderStub.rsaKey("key-1");

  @AfterEach
  void stop() {
    provider.close();
    vertx.close().await();
  }

  OidcVerifier verifier(Duration refreshInterval) {
    OidcConfig config = provider.config(refreshInterval);
    return new OidcVerifier(config, new JwksKeys(new ProviderClient(vertx,
        vertx.createHttpClient()), config, nanos::get), true, CLOCK);
  }

  static <T> T result(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  String good(com.nimbusds.jose.jwk.JWK key) {
    return IdentityProviderStub.sign(key, provider.claims(NOW).claim("apps", List.of("a"))
        .build());
  }

  @Test
  void aTokenOfTheDiscoveredProviderGrantsItsAppsClaimUntilItExpires() throws Exception {
    provider.publish(first);

    Optional<Grant> grant = result(verifier(Duration.ZERO).verify(good(first)));

    assertThat(grant).contains(new Grant(java.util.Set.of("a"), false,
        NOW.plus(Duration.ofMinutes(5))));
  }

  @Test
  void theAdminScopesMakeAnAdminAsAStringOrAList() throws Exception {
    ECKey key = IdentityProviderStub.ecKey("ec-1");
    provider.publish(key);
    OidcVerifier verifier = verifier(Duration.ZERO);
    String uaa = IdentityProviderStub.sign(key, provider.claims(NOW)
        .claim("scope", "openid doppler.firehose cloud_controller.read").build());
    String list = IdentityProviderStub.sign(key, provider.claims(NOW)
        .claim("scope", List.of("openid", "logs.admin")).build());
    String plain = IdentityProviderStub.sign(key, provider.claims(NOW)
        .claim("scope", "openid cloud_controller.read").build());

    assertThat(result(verifier.verify(uaa)).orElseThrow().admin()).isTrue();
    assertThat(result(verifier.verify(list)).orElseThrow().admin()).isTrue();
    assertThat(result(verifier.verify(plain)).orElseThrow().admin()).isFalse();
  }

  @Test
  void aConfiguredNestedAppsClaimIsRead() throws Exception {
    provider.publish(first);
    OidcConfig base = provider.config(Duration.ZERO);
    OidcConfig nested = new OidcConfig(base.issuer(), null, base.audience(),
        "realm_access.roles", "scope", base.adminScopes(), Duration.ZERO, base.timeout());
    OidcVerifier verifier = new OidcVerifier(nested, new JwksKeys(new ProviderClient(vertx,
        vertx.createHttpClient()), nested, nanos::get), true, CLOCK);
    String keycloak = IdentityProviderStub.sign(first, provider.claims(NOW)
        .claim("realm_access", Map.of("roles", List.of("app-1", "app-2"))).build());

    assertThat(result(verifier.verify(keycloak)).orElseThrow().apps())
        .containsExactlyInAnyOrder("app-1", "app-2");
  }

  @Test
  void rotatedKeysAreFollowedWithoutARestart() throws Exception {
    provider.publish(first);
    OidcVerifier verifier = verifier(Duration.ZERO);
    String before = good(first);
    assertThat(result(verifier.verify(before))).isPresent();
    RSAKey second = IdentityProviderStub.rsaKey("key-2");

    provider.publish(second);

    assertThat(result(verifier.verify(good(second)))).as("new kid, unknown until refetched")
        .isPresent();
    assertThat(result(verifier.verify(before))).as("old kid, no longer published").isEmpty();
    assertThat(provider.keyFetches.get()).isEqualTo(3);
  }

  @Test
  void unknownKidsRefetchTheKeysAtMostOncePerRefreshInterval() throws Exception {
    provider.publish(first);
    OidcVerifier verifier = verifier(Duration.ofMinutes(1));
    assertThat(result(verifier.verify(good(first)))).isPresent();
    String stranger = good(IdentityProviderStub.rsaKey("unknown"));

    for (int i = 0; i < 5; i++) {
      assertThat(result(verifier.verify(stranger))).isEmpty();
    }
    assertThat(provider.keyFetches.get()).as("within the interval: the first fetch only")
        .isEqualTo(1);
    nanos.addAndGet(Duration.ofMinutes(1).toNanos());
    assertThat(result(verifier.verify(stranger))).isEmpty();

    assertThat(provider.keyFetches.get()).isEqualTo(2);
  }

  @Test
  void tokensWithTheWrongIssuerAudienceOrTimesAreRefused() throws Exception {
    provider.publish(first);
    OidcVerifier verifier = verifier(Duration.ZERO);
    JWTClaimsSet.Builder apps = provider.claims(NOW).claim("apps", List.of("a"));
    Map<String, JWTClaimsSet> refused = Map.of(
        "wrong issuer", provider.claims(NOW).issuer("https://evil.example.com").build(),
        "wrong audience", provider.claims(NOW).audience("someone-else").build(),
        "no audience", provider.claims(NOW).audience((String) null).build(),
        "expired", apps.expirationTime(Date.from(NOW.minus(Duration.ofMinutes(5)))).build(),
        "no expiry", provider.claims(NOW).expirationTime(null).build(),
        "not yet valid", provider.claims(NOW)
            .notBeforeTime(Date.from(NOW.plus(Duration.ofMinutes(2)))).build());

    for (Map.Entry<String, JWTClaimsSet> token : refused.entrySet()) {
      assertThat(result(verifier.verify(IdentityProviderStub.sign(first, token.getValue()))))
          .as(token.getKey()).isEmpty();
    }
  }

  @Test
  void unsignedHmacAndForeignlySignedTokensAreRefused() throws Exception {
    provider.publish(first);
    OidcVerifier verifier = verifier(Duration.ZERO);
    JWTClaimsSet claims = provider.claims(NOW).claim("scope", "logs.admin").build();
    String[] parts = IdentityProviderStub.sign(first, claims).split("\\.");
    String none = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"kid\":\"key-1\"}".getBytes()) + "." + parts[1] + ".";
    // Key confusion: HS256 with the provider's public key (as published) as the HMAC secret.
    SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
        .keyID("key-1").build(), claims);
    confused.sign(new MACSigner(first.toPublicJWK().toRSAPublicKey().getEncoded()));
    RSAKey impostor = new RSAKey.Builder(IdentityProviderStub.rsaKey("x")).keyID("key-1")
        .build();

    assertThat(result(verifier.verify(none))).as("alg none").isEmpty();
    assertThat(result(verifier.verify(confused.serialize()))).as("HS256 key confusion")
        .isEmpty();
    assertThat(result(verifier.verify(IdentityProviderStub.sign(impostor, claims))))
        .as("another key under a published kid").isEmpty();
    assertThat(result(verifier.verify("not.a.jwt"))).isEmpty();
  }

  @Test
  void aDeadProviderFailsTheCheckInsteadOfRefusingTheToken() throws Exception {
    provider.publish(first);
    String token = good(first);
    OidcVerifier verifier = verifier(Duration.ZERO);
    provider.close();

    Future<Optional<Grant>> verified = verifier.verify(token);

    assertThat(verified.toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .withMessageContaining("signing keys are unavailable");
  }

  @Test
  void discoveryNamingAnotherIssuerIsNotBelieved() throws Exception {
    provider.publish(first);
    OidcConfig base = provider.config(Duration.ZERO);
    OidcConfig other = new OidcConfig(java.net.URI.create(base.issuer() + "/"), null,
        base.audience(), "apps", "scope", base.adminScopes(), Duration.ZERO, base.timeout());
    OidcVerifier verifier = new OidcVerifier(other, new JwksKeys(new ProviderClient(vertx,
        vertx.createHttpClient()), other, nanos::get), true, CLOCK);

    assertThat(verifier.verify(good(first)).toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .withMessageContaining("names issuer " + base.issuer());
  }
}
