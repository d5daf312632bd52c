package io.kloggregator.gateway;

import io.kloggregator.schemas.LogFilter;

/**
 * Which of an app's lines a client wants, as the request's {@link LogFilter} parameters said:
 * applied to each live line here, and passed to the streams router for the recent lines, which it
 * filters before counting them. Immutable.
 */
record LineFilter(LogFilter rules) {

  static final LineFilter ALL = new LineFilter(LogFilter.ALL);

  boolean matches(TopicLine line) {
    return rules.isAll() || rules.matches(line.message());
  }
}
