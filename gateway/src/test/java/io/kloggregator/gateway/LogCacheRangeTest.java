package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LogCacheRangeTest {

  private static LogMessage line(long nanos) {
    return LogMessage.newBuilder().setAppId("app").setTimestamp(nanos)
        .setMessageType(LogMessage.MessageType.OUT)
        .setMessage(ByteString.copyFromUtf8("t" + nanos)).build();
  }

  /** Lines stamped 10, 20, … 100 (oldest first by offset). */
  private static final List<LogMessage> RECENT = LongStream.rangeClosed(1, 10)
      .mapToObj(i -> line(i * 10)).toList();

  private static List<Long> times(Optional<List<LogMessage>> answer) {
    return answer.orElseThrow().stream().map(LogMessage::getTimestamp).toList();
  }

  @Test
  void aRangeInsideTheRecentLinesIsAnsweredFromThemOldestFirst() {
    assertThat(times(LogCacheRange.fromRecent(RECENT, 35, 70, 100, false)))
        .containsExactly(40L, 50L, 60L);
  }

  @Test
  void startIsInclusiveEndExclusiveAndLimitCutsTheNewestOnAscendingReads() {
    assertThat(times(LogCacheRange.fromRecent(RECENT, 11, 100, 3, false)))
        .containsExactly(20L, 30L, 40L);
    assertThat(times(LogCacheRange.fromRecent(RECENT, 11, 20, 3, false))).isEmpty();
  }

  @Test
  void theNewestLinesDescendingComeFromTheRecentLinesWhenEnoughAreThere() {
    assertThat(times(LogCacheRange.fromRecent(RECENT, Long.MIN_VALUE, 1000, 3, true)))
        .containsExactly(100L, 90L, 80L);
  }

  @Test
  void aRangeStartingBeforeTheRecentLinesGoesToTheHistory() {
    assertThat(LogCacheRange.fromRecent(RECENT, 5, 1000, 3, false)).isEmpty();
    assertThat(LogCacheRange.fromRecent(RECENT, 5, 1000, 20, true)).isEmpty();
    assertThat(LogCacheRange.fromRecent(List.of(), 0, 1000, 20, true)).isEmpty();
  }

  @Test
  void linesAreOrderedByTimestampNotByOffset() {
    List<LogMessage> late = List.of(line(10), line(30), line(20), line(40));

    assertThat(times(LogCacheRange.fromRecent(late, 15, 100, 2, false)))
        .containsExactly(20L, 30L);
    assertThat(times(LogCacheRange.fromRecent(late, 0, 100, 4, true)))
        .containsExactly(40L, 30L, 20L, 10L);
  }
}
