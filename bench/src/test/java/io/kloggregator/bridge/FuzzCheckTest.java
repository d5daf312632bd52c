package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.TestUdpSender;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The accounting BadInputIT and the full bad-input run rely on names every kind of mismatch. */
class FuzzCheckTest {

  private static final LogMessage A1 = TestUdpSender.line("a", "1", 1);
  private static final LogMessage A2 = TestUdpSender.line("a", "2", 2);

  /** 10 sent: 2 valid, 8 mutants of which 3 the codec accepts, 4 undecodable, 1 bad signature. */
  private static final FuzzCampaign.Result SENT = new FuzzCampaign.Result(7, 10, 8,
      Map.of("accepted", 3L, "undecodable", 4L, "bad_signature", 1L), Map.of(),
      Map.of("a", List.of(A1, A2)), 0, 1.0);

  private static BridgeCounters seen(long received, Map<String, Long> rejected, long produced,
      Map<String, Long> dropped) {
    return new BridgeCounters(received, rejected, produced, dropped);
  }

  @Test
  void exactAccountingHasNoDifference() {
    assertThat(FuzzCheck.counted(SENT,
        seen(10, Map.of("undecodable", 4L, "bad_signature", 1L), 5, Map.of()), 5)).isEmpty();
  }

  @Test
  void rejectCountedUnderTheWrongReasonIsNamed() {
    assertThat(FuzzCheck.counted(SENT,
        seen(10, Map.of("undecodable", 3L, "bad_signature", 2L), 5, Map.of()), 5))
        .singleElement().asString().startsWith("rejects by reason");
  }

  @Test
  void lostDatagramsDropsAndMissingRecordsAreNamed() {
    assertThat(FuzzCheck.counted(SENT,
        seen(9, Map.of("undecodable", 4L, "bad_signature", 1L), 4, Map.of("kafka", 1L)), 3))
        .anyMatch(p -> p.startsWith("datagrams received: expected 10, was 9"))
        .anyMatch(p -> p.startsWith("records produced: expected 5, was 4"))
        .anyMatch(p -> p.startsWith("accepted lines dropped"))
        .anyMatch(p -> p.startsWith("records added to the log topic: expected 5, was 3"));
  }

  @Test
  void validLinesMissingReorderedOrAlteredAreNamed() {
    Map<String, List<LogMessage>> valid = SENT.valid();
    assertThat(FuzzCheck.inFullAndInOrder(valid, Map.of("a", List.of(A1, A2)))).isEmpty();
    assertThat(FuzzCheck.inFullAndInOrder(valid, Map.of("a", List.of(A1))))
        .containsExactly("a: sent 2 valid lines, the topic holds 1");
    assertThat(FuzzCheck.inFullAndInOrder(valid, Map.of("a", List.of(A2, A1))))
        .containsExactly("a: sent 2 valid lines, the topic holds 2 in another order or altered");
    assertThat(FuzzCheck.inFullAndInOrder(valid, Map.of())).hasSize(1);
  }
}
