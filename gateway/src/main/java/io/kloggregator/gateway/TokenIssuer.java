package io.kloggregator.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Issues the bearer tokens the gateway accepts: HS256 JWTs whose {@code apps} claim names the app
 * ids the holder may read and whose {@code admin} claim grants every app. Used by the local run
 * (dev token), tests and benchmarks. Thread-safe.
 */
public final class TokenIssuer {

  static final String APPS_CLAIM = "apps";
  static final String ADMIN_CLAIM = "admin";

  private final MACSigner signer;
  private final Clock clock;

  public TokenIssuer(String jwtSecret) {
    this(jwtSecret, Clock.systemUTC());
  }

  TokenIssuer(String jwtSecret, Clock clock) {
    try {
      this.signer = new MACSigner(jwtSecret.getBytes(StandardCharsets.UTF_8));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("jwtSecret must be at least 32 bytes for HS256", e);
    }
    this.clock = clock;
  }

  /** A token for {@code appIds} (or every app when {@code admin}), valid for {@code ttl}. */
  public String issue(List<String> appIds, boolean admin, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .subject("kloggregator-client")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .claim(APPS_CLAIM, List.copyOf(appIds))
        .claim(ADMIN_CLAIM, admin)
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
    return jwt.serialize();
  }
}
