package io.kloggregator.gateway;

import java.net.URI;
import java.time.Duration;

/**
 * How the gateway asks Cloud Controller whether a token may read an app (mode {@code cf}).
 *
 * @param api Cloud Controller's base URL ({@code https://api.<system domain>})
 * @param timeout how long one {@code GET /v3/apps/<guid>} may take
 * @param cacheTtl how long an answer (allowed or denied) is reused for the same token and app
 * @param cacheSize the most answers kept; the least recently used go first
 */
public record CloudControllerConfig(URI api, Duration timeout, Duration cacheTtl, int cacheSize) {
}
