package io.kloggregator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.event.Level;
import org.slf4j.Marker;

class RateLimitedLogTest {

  @Test
  void logsOncePerIntervalAndCountsWhatItSuppressed() {
    RecordingLogger logger = new RecordingLogger();
    AtomicLong now = new AtomicLong(0);
    RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), now::get);

    log.warn("bad datagram from {}", "a");
    log.warn("bad datagram from {}", "b");
    log.warn("bad datagram from {}", "c");
    now.set(Duration.ofSeconds(11).toNanos());
    log.warn("bad datagram from {}", "d");

    assertThat(logger.lines).containsExactly("bad datagram from a",
        "bad datagram from d (2 similar suppressed)");
  }

  /** Collects formatted WARN lines. */
  private static final class RecordingLogger extends LegacyAbstractLogger {
    final List<String> lines = new ArrayList<>();

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String msg,
        Object[] args, Throwable t) {
      lines.add(MessageFormatter.basicArrayFormat(msg, args));
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
