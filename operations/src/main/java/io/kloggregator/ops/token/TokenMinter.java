package io.kloggregator.ops.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.kloggregator.ops.config.SettingValues;
import io.kloggregator.ops.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Signs kloggregator's own bearer tokens ({@link TokenFormat}) with one algorithm and key. The
 * CLI's {@code logs token} builds it from the environment ({@link #fromEnv}); the gateway's
 * {@code TokenIssuer} (local run, tests, benchmarks) from an HS256 secret. Thread-safe.
 */
public final class TokenMinter {

  /** What {@link #fromEnv} reads. */
  public static final Settings SETTINGS = Settings.of(TokenFormat.ALGORITHM, TokenFormat.SECRET,
      TokenFormat.PRIVATE_KEY);

  private final TokenAlgorithm algorithm;
  private final JWSSigner signer;
  private final Clock clock;

  public TokenMinter(TokenAlgorithm algorithm, JWSSigner signer, Clock clock) {
    this.algorithm = algorithm;
    this.signer = signer;
    this.clock = clock;
  }

  /**
   * The minter the {@link #SETTINGS} variables describe; reads the private key file.
   *
   * @throws io.kloggregator.ops.config.ConfigException naming the variable on a missing or bad
   *     secret or key
   */
  public static TokenMinter fromEnv(Map<String, String> env, Clock clock) {
    SettingValues values = SETTINGS.bind(env);
    TokenAlgorithm algorithm = values.get(TokenFormat.ALGORITHM);
    return new TokenMinter(algorithm, TokenKeys.signer(algorithm, values.get(TokenFormat.SECRET),
        values.get(TokenFormat.PRIVATE_KEY)), clock);
  }

  public TokenAlgorithm algorithm() {
    return algorithm;
  }

  /** A token for {@code appIds} (or every app when {@code admin}), valid for {@code ttl}. */
  public String mint(List<String> appIds, boolean admin, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .subject(TokenFormat.SUBJECT)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .claim(TokenFormat.APPS_CLAIM, List.copyOf(appIds))
        .claim(TokenFormat.ADMIN_CLAIM, admin)
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm.jws()), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a " + algorithm + " token: " + e.getMessage(),
          e);
    }
    return jwt.serialize();
  }
}
