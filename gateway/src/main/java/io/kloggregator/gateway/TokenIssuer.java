package io.kloggregator.gateway;

import io.kloggregator.ops.token.TokenAlgorithm;
import io.kloggregator.ops.token.TokenKeys;
import io.kloggregator.ops.token.TokenMinter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Issues HS256 bearer tokens in kloggregator's own format ({@code ops.token.TokenFormat}) for the
 * local run (dev token), tests and benchmarks; operators mint theirs, in any algorithm, with
 * {@code logs token}. Thread-safe.
 */
public final class TokenIssuer {

  private final TokenMinter minter;

  public TokenIssuer(String jwtSecret) {
    this(jwtSecret, Clock.systemUTC());
  }

  TokenIssuer(String jwtSecret, Clock clock) {
    try {
      this.minter = new TokenMinter(TokenAlgorithm.HS256,
          TokenKeys.signer(TokenAlgorithm.HS256, jwtSecret, null), clock);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("jwtSecret must be at least 32 bytes for HS256", e);
    }
  }

  /** A token for {@code appIds} (or every app when {@code admin}), valid for {@code ttl}. */
  public String issue(List<String> appIds, boolean admin, Duration ttl) {
    return minter.mint(appIds, admin, ttl);
  }
}
