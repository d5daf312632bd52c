package io.kloggregator.gateway;

/**
 * Who the gateway believes ({@code KLOGGREGATOR_GATEWAY_AUTH_MODE}): its own tokens, an OpenID
 * Connect provider's tokens, or a UAA token plus Cloud Controller's answer per app.
 */
public enum AuthMode {
  /** kloggregator's own tokens ({@code logs token}): HS256, RS256 or ES256. */
  TOKEN,
  /** Any OpenID Connect provider's tokens, verified through its JWKS; grants from claims. */
  OIDC,
  /** A UAA token (as OIDC) and {@code GET /v3/apps/<guid>} on Cloud Controller per app. */
  CF
}
