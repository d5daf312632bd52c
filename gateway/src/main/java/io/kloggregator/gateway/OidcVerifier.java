package io.kloggregator.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vertx.core.Future;
import java.text.ParseException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an OpenID provider's access token (UAA, Keycloak, Dex, ...) with nimbus's JWT
 * processor against the provider's cached keys ({@link JwksKeys}): an asymmetric algorithm only
 * (RS*, PS*, ES*: {@code none} and HMAC are refused, so a public key can never serve as an HMAC
 * secret), the signature, {@code iss} equal to the configured issuer, {@code aud} containing the
 * configured audience, {@code exp} required and {@code nbf} honoured, with 30 s of clock skew.
 * The grant: the app ids of the apps claim (a list, or a space-separated string), and admin when
 * the scope claim holds one of the admin scopes. Thread-safe.
 */
final class OidcVerifier implements BearerVerifier {

  static final int CLOCK_SKEW_SECONDS = 30;
  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

  private final OidcConfig config;
  private final JwksKeys keys;
  private final boolean readsApps;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /**
   * Checks tokens of {@code config}'s provider; {@code readsApps} false ignores the apps claim
   * (Cloud Foundry mode, where Cloud Controller says which apps a token may read).
   */
  OidcVerifier(OidcConfig config, JwksKeys keys, boolean readsApps, Clock clock) {
    this.config = config;
    this.keys = keys;
    this.readsApps = readsApps;
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
        new JOSEObjectType("at+jwt"), null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        Set.of(config.audience()),
        new JWTClaimsSet.Builder().issuer(config.issuer().toString()).build(),
        Set.of(JWTClaimNames.EXPIRATION_TIME, JWTClaimNames.ISSUER), null) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant());
      }
    };
    claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
  }

  @Override
  public Future<Optional<Grant>> verify(String token) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return Future.succeededFuture(Optional.empty());
    }
    if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
      return Future.succeededFuture(Optional.empty());
    }
    return keys.ready(jwt.getHeader().getKeyID()).map(v -> check(jwt));
  }

  private Optional<Grant> check(SignedJWT jwt) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (BadJOSEException | JOSEException e) {
      return Optional.empty();
    }
    Set<String> apps = readsApps ? words(claim(claims, config.appsClaim())) : Set.of();
    Set<String> scopes = words(claim(claims, config.scopeClaim()));
    boolean admin = config.adminScopes().stream().anyMatch(scopes::contains);
    return Optional.of(new Grant(apps, admin, claims.getExpirationTime().toInstant()));
  }

  /** The value at {@code path}, a claim name or {@code a.b} for claim {@code b} of object a. */
  private static Object claim(JWTClaimsSet claims, String path) {
    Object value = claims.getClaim(path);
    if (value != null || !path.contains(".")) {
      return value;
    }
    String[] names = path.split("\\.");
    value = claims.getClaim(names[0]);
    for (int i = 1; i < names.length; i++) {
      value = value instanceof Map<?, ?> object ? object.get(names[i]) : null;
    }
    return value;
  }

  private static Set<String> words(Object value) {
    if (value instanceof String text) {
      return new HashSet<>(Arrays.asList(text.trim().split("\\s+")));
    }
    Set<String> out = new HashSet<>();
    if (value instanceof Collection<?> list) {
      list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
    }
    return out;
  }
}
