package io.kloggregator.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.kloggregator.ops.token.TokenAlgorithm;
import io.kloggregator.ops.token.TokenFormat;
import io.kloggregator.ops.token.TokenKeys;
import io.vertx.core.Future;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks kloggregator's own bearer tokens ({@link TokenFormat}, minted by {@code logs token} or
 * {@link TokenIssuer}): the one configured algorithm (a token naming any other, {@code none}
 * included, is refused), the signature and the expiry (a token without {@code exp} is refused).
 * Decides synchronously. Thread-safe.
 */
final class TokenVerifier implements BearerVerifier {

  private final TokenAlgorithm algorithm;
  private final JWSVerifier verifier;
  private final Clock clock;

  /** HS256 with {@code jwtSecret}. */
  TokenVerifier(String jwtSecret, Clock clock) {
    this(TokenAlgorithm.HS256, hs256(jwtSecret), clock);
  }

  TokenVerifier(TokenAlgorithm algorithm, JWSVerifier verifier, Clock clock) {
    this.algorithm = algorithm;
    this.verifier = verifier;
    this.clock = clock;
  }

  /** The verifier token mode of {@code auth} describes; reads the public key file. */
  static TokenVerifier of(AuthConfig auth, Clock clock) {
    return new TokenVerifier(auth.algorithm(),
        TokenKeys.verifier(auth.algorithm(), auth.jwtSecret(), auth.publicKey()), clock);
  }

  private static JWSVerifier hs256(String jwtSecret) {
    try {
      return TokenKeys.verifier(TokenAlgorithm.HS256, jwtSecret, null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("jwtSecret must be at least 32 bytes for HS256", e);
    }
  }

  @Override
  public Future<Optional<Grant>> verify(String token) {
    return Future.succeededFuture(check(token));
  }

  /** The grant of a valid token, or empty when it is malformed, forged or expired. */
  Optional<Grant> check(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!algorithm.jws().equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date expiry = claims.getExpirationTime();
      if (expiry == null || !expiry.toInstant().isAfter(clock.instant())) {
        return Optional.empty();
      }
      Boolean admin = claims.getBooleanClaim(TokenFormat.ADMIN_CLAIM);
      List<String> apps = claims.getStringListClaim(TokenFormat.APPS_CLAIM);
      return Optional.of(new Grant(apps == null ? Set.of() : new HashSet<>(apps),
          Boolean.TRUE.equals(admin), expiry.toInstant()));
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
