package io.kloggregator.gateway;

/**
 * How one endpoint reads its query before {@link RouteGuard} authorises it: the parameter that
 * asks for a number of lines, its default and cap, and whether {@code cursor} is accepted.
 * Immutable.
 */
record QueryRules(String path, String countParam, int defaultCount, int maxCount,
    boolean allowsCursor) {
}
