package io.kloggregator.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How tokens of an OpenID Connect provider are checked (modes {@code oidc} and {@code cf}).
 *
 * @param issuer the {@code iss} every token must carry; discovery reads
 *     {@code <issuer>/.well-known/openid-configuration} unless {@code jwksUrl} is set
 * @param jwksUrl where the signing keys are (UAA: {@code <uaa>/token_keys}); null = discover
 * @param audience a value the token's {@code aud} must contain
 * @param appsClaim claim (dotted path for nested objects) listing the app ids a token may read
 * @param scopeClaim claim holding the scopes, a space-separated string or a list
 * @param adminScopes scopes that make a token admin (every app, the firehose)
 * @param refreshInterval the least time between two fetches of the keys (a token with an unknown
 *     {@code kid} refreshes them at most this often); the keys are also refetched after 10 of it
 * @param timeout how long one fetch of the discovery document or the keys may take
 */
public record OidcConfig(URI issuer, URI jwksUrl, String audience, String appsClaim,
    String scopeClaim, List<String> adminScopes, Duration refreshInterval, Duration timeout) {

  public OidcConfig {
    adminScopes = List.copyOf(adminScopes);
  }
}
