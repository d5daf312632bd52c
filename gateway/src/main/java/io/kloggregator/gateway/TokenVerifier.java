package io.kloggregator.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an HS256 bearer token made by {@link TokenIssuer}: signature, algorithm and expiry
 * (a token without {@code exp} is refused). Thread-safe.
 */
final class TokenVerifier {

  private final MACVerifier verifier;
  private final Clock clock;

  TokenVerifier(String jwtSecret, Clock clock) {
    try {
      this.verifier = new MACVerifier(jwtSecret.getBytes(StandardCharsets.UTF_8));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("jwtSecret must be at least 32 bytes for HS256", e);
    }
    this.clock = clock;
  }

  /** The grant of a valid token, or empty when it is malformed, forged or expired. */
  Optional<Grant> verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date expiry = claims.getExpirationTime();
      if (expiry == null || !expiry.toInstant().isAfter(clock.instant())) {
        return Optional.empty();
      }
      Boolean admin = claims.getBooleanClaim(TokenIssuer.ADMIN_CLAIM);
      List<String> apps = claims.getStringListClaim(TokenIssuer.APPS_CLAIM);
      return Optional.of(new Grant(apps == null ? Set.of() : new HashSet<>(apps),
          Boolean.TRUE.equals(admin), expiry.toInstant()));
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
