package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayRingTest {

  @Test
  void anEmptyRingStartsAtTheGivenOffsetAndReplaysNothing() {
    ReplayRing ring = new ReplayRing(4, 100, 7);

    assertThat(ring.start()).isEqualTo(7);
    assertThat(replay(ring, 0, "a")).isEmpty();
  }

  @Test
  void replaysItsAppsLinesFromTheOffsetOldestFirst() {
    ReplayRing ring = new ReplayRing(8, 1000, 10);
    ring.add(10, "a", bytes("a10"));
    ring.add(11, "b", bytes("b11"));
    ring.add(13, "a", bytes("a13"));
    ring.add(14, "a", bytes("a14"));

    assertThat(replay(ring, 11, "a")).containsExactly("13=a13", "14=a14");
    assertThat(replay(ring, 0, "b")).containsExactly("11=b11");
    assertThat(ring.start()).isEqualTo(10);
  }

  @Test
  void theLineLimitEvictsTheOldest() {
    ReplayRing ring = new ReplayRing(3, 1000, 0);
    for (int offset = 0; offset < 5; offset++) {
      ring.add(offset, "a", bytes("a" + offset));
    }

    assertThat(ring.size()).isEqualTo(3);
    assertThat(ring.start()).isEqualTo(2);
    assertThat(replay(ring, 0, "a")).containsExactly("2=a2", "3=a3", "4=a4");
  }

  @Test
  void theByteCapacityEvictsTheOldestAcrossTheArenasEnd() {
    // 10-byte lines in 45 bytes: four fit, the fifth wraps to the start and pushes out the
    // first (overlap) and the last still in the tail are then the oldest.
    ReplayRing ring = new ReplayRing(100, 45, 0);
    for (int offset = 0; offset < 23; offset++) {
      ring.add(offset, "a", bytes(String.format("line-%05d", offset)));

      List<String> held = replay(ring, 0, "a");
      assertThat(held).as("after %d", offset).isNotEmpty().hasSizeLessThanOrEqualTo(4)
          .last().isEqualTo(offset + "=" + String.format("line-%05d", offset));
      long first = ring.start();
      for (int i = 0; i < held.size(); i++) {
        assertThat(held.get(i)).isEqualTo((first + i) + "=" + String.format("line-%05d",
            first + i));
      }
    }
  }

  @Test
  void aLineTooBigForTheRingEmptiesItAndItStartsAfterThatLine() {
    ReplayRing ring = new ReplayRing(10, 40, 0);
    ring.add(0, "a", bytes("small"));
    ring.add(1, "a", new byte[11]);

    assertThat(ring.size()).isZero();
    assertThat(ring.start()).isEqualTo(2);
    ring.add(2, "a", bytes("next"));
    assertThat(replay(ring, 0, "a")).containsExactly("2=next");
    assertThat(ring.start()).isEqualTo(2);
  }

  @Test
  void randomLinesAlwaysReplayAsTheNewestContiguousRun() {
    Random random = new Random(9);
    ReplayRing ring = new ReplayRing(50, 2000, 0);
    List<byte[]> all = new ArrayList<>();
    for (int offset = 0; offset < 5_000; offset++) {
      byte[] raw = new byte[1 + random.nextInt(120)];
      random.nextBytes(raw);
      all.add(raw);
      ring.add(offset, "a", raw);

      List<long[]> seen = new ArrayList<>();
      ring.replay(0, "a", (o, bytes) -> {
        assertThat(bytes).isEqualTo(all.get((int) o));
        seen.add(new long[] {o});
      });
      assertThat(seen).isNotEmpty();
      assertThat(seen.get(0)[0]).isEqualTo(ring.start());
      assertThat(seen.get(seen.size() - 1)[0]).isEqualTo(offset);
      assertThat(seen.size()).isEqualTo(offset - ring.start() + 1);
    }
  }

  private static List<String> replay(ReplayRing ring, long from, String app) {
    List<String> out = new ArrayList<>();
    ring.replay(from, app, (offset, raw) -> out.add(offset + "="
        + new String(raw, StandardCharsets.UTF_8)));
    return out;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
