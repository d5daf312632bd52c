package io.kloggregator.drain;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** What every {@link Drain} shares: config, connector, notice writer, meters, clock. */
record DrainLinks(ForwarderConfig config, DrainConnector connector, NoticeWriter notices,
    MeterRegistry registry, Clock clock) {
}
