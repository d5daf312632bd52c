package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.proto.LogMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LineBufferTest {

  private static final int VALUE_BYTES = 136;
  /** Weight of one test line: value + app id ("a" or "b") + 64. */
  private static final int WEIGHT = VALUE_BYTES + 1 + 64;

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BridgeMetrics metrics = new BridgeMetrics(registry);

  @Test
  void linesOfOneAppComeOutInArrivalOrder() throws Exception {
    LineBuffer buffer = new LineBuffer(1 << 20, 0, clock::get, metrics);
    for (int i = 0; i < 200; i++) {
      buffer.offer(line("a", i));
    }

    List<BufferedLine> out = drainAll(buffer);

    assertThat(out).extracting(BufferedLine::timestampNanos).containsExactlyElementsOf(
        java.util.stream.LongStream.range(0, 200).boxed().toList());
  }

  @Test
  void fullBufferDropsTheOldestLinesOfTheBiggestAppAndNoticesThemFirst() throws Exception {
    LineBuffer buffer = new LineBuffer(10L * WEIGHT, 0, clock::get, metrics);
    for (int i = 0; i < 9; i++) {
      buffer.offer(line("a", i));
    }
    buffer.offer(line("b", 100));

    buffer.offer(line("b", 101));
    buffer.offer(line("b", 102));

    List<BufferedLine> out = drainAll(buffer);
    List<BufferedLine> ofA = out.stream().filter(l -> l.appId().equals("a")).toList();
    assertThat(ofA.get(0).ingest()).isEqualTo("synthetic");
    assertThat(text(ofA.get(0))).startsWith("2 lines dropped between 1970-01-01T00:00:00Z and "
        + "1970-01-01T00:00:00.000000001Z (ingest buffer full)");
    assertThat(ofA.subList(1, ofA.size())).extracting(BufferedLine::timestampNanos)
        .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(out.stream().filter(l -> l.appId().equals("b")))
        .extracting(BufferedLine::timestampNanos)
        .containsExactly(100L, 101L, 102L);
    assertThat(dropped("buffer_full")).isEqualTo(2);
  }

  @Test
  void anAppAtItsFairSharePaysForItsOwnNewLines() throws Exception {
    LineBuffer buffer = new LineBuffer(4L * WEIGHT, 0, clock::get, metrics);
    buffer.offer(line("a", 0));
    buffer.offer(line("a", 1));
    buffer.offer(line("b", 10));
    buffer.offer(line("b", 11));

    buffer.offer(line("b", 12));

    List<BufferedLine> out = drainAll(buffer);
    assertThat(out.stream().filter(l -> l.appId().equals("a")))
        .extracting(BufferedLine::timestampNanos)
        .containsExactly(0L, 1L);
    List<BufferedLine> ofB = out.stream().filter(l -> l.appId().equals("b")).toList();
    assertThat(text(ofB.get(0))).startsWith("1 lines dropped");
    assertThat(ofB.subList(1, ofB.size())).extracting(BufferedLine::timestampNanos)
        .containsExactly(11L, 12L);
  }

  @Test
  void appOverItsRateLimitLosesTheExcessWithANoticeWhileOthersPass() throws Exception {
    LineBuffer buffer = new LineBuffer(1 << 20, 10, clock::get, metrics);
    for (int i = 0; i < 25; i++) {
      buffer.offer(line("a", i));
    }
    for (int i = 0; i < 5; i++) {
      buffer.offer(line("b", 100 + i));
    }

    List<BufferedLine> out = drainAll(buffer);

    List<BufferedLine> ofA = out.stream().filter(l -> l.appId().equals("a")).toList();
    assertThat(ofA).hasSize(11);
    assertThat(text(ofA.get(0))).startsWith("15 lines dropped between")
        .endsWith("(app over its rate limit)");
    assertThat(out.stream().filter(l -> l.appId().equals("b"))).hasSize(5);
    assertThat(dropped("rate_limited")).isEqualTo(15);
  }

  @Test
  void rateLimitRefillsWithTime() throws Exception {
    LineBuffer buffer = new LineBuffer(1 << 20, 10, clock::get, metrics);
    for (int i = 0; i < 10; i++) {
      buffer.offer(line("a", i));
    }

    clock.addAndGet(500_000_000L);
    for (int i = 10; i < 20; i++) {
      buffer.offer(line("a", i));
    }

    assertThat(drainAll(buffer).stream().filter(l -> !l.ingest().equals("synthetic")))
        .hasSize(15);
  }

  @Test
  void anAppGetsAtMostOneNoticePerSecondAndAHeldNoticeStillComesOut() throws Exception {
    LineBuffer buffer = new LineBuffer(1 << 20, 2, clock::get, metrics);
    for (int i = 0; i < 5; i++) {
      buffer.offer(line("a", i));
    }
    List<BufferedLine> first = drainAll(buffer);
    for (int i = 5; i < 8; i++) {
      buffer.offer(line("a", i));
    }

    List<BufferedLine> beforeInterval = drainAll(buffer);
    clock.addAndGet(LineBuffer.NOTICE_INTERVAL_NANOS);
    List<BufferedLine> afterInterval = drainAll(buffer);

    assertThat(text(first.get(0))).startsWith("3 lines dropped");
    assertThat(beforeInterval).isEmpty();
    assertThat(afterInterval).extracting(LineBufferTest::text).singleElement().asString()
        .startsWith("3 lines dropped between 1970-01-01T00:00:00.000000005Z");
  }

  @Test
  void drainWaitsAtMostTheTimeoutWhenEmpty() throws Exception {
    LineBuffer buffer = new LineBuffer(1 << 20, 0, clock::get, metrics);

    assertThat(buffer.drainTo(new ArrayList<>(), 10, 1 << 20, 1_000_000)).isZero();
  }

  private double dropped(String reason) {
    return registry.get("kloggregator.bridge.dropped").tag("reason", reason).counter().count();
  }

  private static List<BufferedLine> drainAll(LineBuffer buffer) throws InterruptedException {
    List<BufferedLine> out = new ArrayList<>();
    while (buffer.drainTo(out, 7, Long.MAX_VALUE, 0) > 0) {
      continue;
    }
    return out;
  }

  private static String text(BufferedLine line) {
    try {
      return LogMessage.parseFrom(line.value()).getMessage().toStringUtf8();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static BufferedLine line(String app, long timestampNanos) {
    return new BufferedLine(app, new byte[VALUE_BYTES], timestampNanos, "udp");
  }
}
