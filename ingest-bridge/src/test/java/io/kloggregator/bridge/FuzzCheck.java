package io.kloggregator.bridge;

import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.proto.LogMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Compares what a {@link FuzzCampaign} sent with what the bridge counted and Kafka holds, and
 * lists every difference in words (empty = all accounted for). Shared by {@code BadInputIT},
 * which asserts the list is empty, and {@code BadInputBenchmark}, which reports it.
 */
final class FuzzCheck {

  private FuzzCheck() {
  }

  /** Waits until the bridge has produced what it must (or {@code limit} passes). */
  static BridgeCounters awaitProduced(FuzzCampaign.Result sent, BridgeCounters before,
      java.util.function.Supplier<BridgeCounters> now, Duration limit) {
    long mustProduce = sent.mutantsAccepted() + sent.validSent();
    try {
      await().atMost(limit).until(() -> now.get().minus(before).produced() >= mustProduce);
    } catch (ConditionTimeoutException e) {
      // reported as a difference below
    }
    return now.get().minus(before);
  }

  /** Differences between what was sent and the bridge's counters and the topic's growth. */
  static List<String> counted(FuzzCampaign.Result sent, BridgeCounters seen, long topicGrowth) {
    long mustProduce = sent.mutantsAccepted() + sent.validSent();
    List<String> problems = new ArrayList<>();
    check(problems, "kernel drops", 0, sent.kernelDrops());
    check(problems, "datagrams received", sent.sent(), seen.receivedUdp());
    if (!seen.rejected().equals(sent.rejects())) {
      problems.add("rejects by reason: expected " + sent.rejects() + ", counted "
          + seen.rejected());
    }
    check(problems, "rejects (received - accepted)", seen.receivedUdp() - mustProduce,
        seen.rejectedTotal());
    check(problems, "records produced", mustProduce, seen.produced());
    if (!seen.dropped().isEmpty()) {
      problems.add("accepted lines dropped: " + seen.dropped());
    }
    check(problems, "records added to the log topic", mustProduce, topicGrowth);
    return problems;
  }

  /** Reads the valid apps' records from the log topic until all are there or 120 s pass. */
  static Map<String, List<LogMessage>> delivered(String bootstrap,
      Map<String, List<LogMessage>> valid) {
    Map<String, List<LogMessage>> out = new LinkedHashMap<>();
    try (LogTopicReader reader = new LogTopicReader(bootstrap)) {
      long expected = valid.values().stream().mapToLong(List::size).sum();
      try {
        await().atMost(Duration.ofSeconds(120)).until(() -> valid.keySet().stream()
            .mapToLong(app -> IngestBridgeIT.ofApp(reader.poll(), app).size()).sum() >= expected);
      } catch (ConditionTimeoutException e) {
        // the comparison below names what is missing
      }
      List<ConsumerRecord<byte[], byte[]>> all = reader.poll();
      for (String app : valid.keySet()) {
        List<LogMessage> lines = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : IngestBridgeIT.ofApp(all, app)) {
          lines.add(parse(r.value()));
        }
        out.put(app, lines);
      }
    }
    return out;
  }

  /** Differences between the valid lines sent and those delivered, per app. */
  static List<String> inFullAndInOrder(Map<String, List<LogMessage>> valid,
      Map<String, List<LogMessage>> delivered) {
    List<String> problems = new ArrayList<>();
    valid.forEach((app, lines) -> {
      List<LogMessage> got = delivered.getOrDefault(app, List.of());
      if (!got.equals(lines)) {
        problems.add(app + ": sent " + lines.size() + " valid lines, the topic holds "
            + got.size() + (got.size() == lines.size() ? " in another order or altered" : ""));
      }
    });
    return problems;
  }

  private static void check(List<String> problems, String what, long expected, long actual) {
    if (expected != actual) {
      problems.add(what + ": expected " + expected + ", was " + actual);
    }
  }

  private static LogMessage parse(byte[] value) {
    try {
      return LogMessage.parseFrom(value);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError("the log topic holds a value that is not a LogMessage", e);
    }
  }
}
