package io.kloggregator.ops.token;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * How kloggregator's own bearer tokens are signed: HS256 with a shared secret, or RS256 / ES256
 * (P-256) with a key pair whose private half only the minting side holds.
 */
public enum TokenAlgorithm {
  HS256(JWSAlgorithm.HS256),
  RS256(JWSAlgorithm.RS256),
  ES256(JWSAlgorithm.ES256);

  private final JWSAlgorithm jws;

  TokenAlgorithm(JWSAlgorithm jws) {
    this.jws = jws;
  }

  /** The JOSE {@code alg} header value. */
  public JWSAlgorithm jws() {
    return jws;
  }

  /** True when signing and verifying use one shared secret rather than a key pair. */
  public boolean isSymmetric() {
    return this == HS256;
  }
}
