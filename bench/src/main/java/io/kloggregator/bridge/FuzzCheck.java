package io.kloggregator.bridge;

import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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

  /**
   * Reads the log topic from the beginning up to its end offsets as of this call (or until 120 s
   * pass) and keeps the valid apps' lines only, so a run of a million datagrams fits in the heap.
   */
  static Map<String, List<LogMessage>> delivered(String bootstrap,
      Map<String, List<LogMessage>> valid) {
    Map<String, List<LogMessage>> out = new LinkedHashMap<>();
    valid.keySet().forEach(app -> out.put(app, new ArrayList<>()));
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "fuzz-check-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.LOGS).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() != null && out.containsKey(r.key())) {
            out.get(r.key()).add(parse(r.value()));
          }
        }
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
