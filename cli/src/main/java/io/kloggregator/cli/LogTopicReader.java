package io.kloggregator.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.schemas.proto.LogMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one app's lines from the log topic for a replay, without disturbing anyone: a consumer
 * with no group ({@code assign()} + {@code offsetsForTimes}, no commits), on the app's partition
 * only ({@link LogPartitions}; the router re-produces a foreign producer's misplaced line there),
 * up to the partition's end as it was when the replay started, so a replay on a live system
 * ends. Records of other apps in the partition
 * are skipped, undecodable ones counted. Confined to the calling thread.
 */
final class LogTopicReader implements AutoCloseable {

  /** What a replay did: the partition, the offsets read {@code [start, stop)}, the counts. */
  record Summary(int partition, long start, long stop, long sent, long undecodable) {
  }

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration STALL_LIMIT = Duration.ofSeconds(30);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String bootstrap;

  LogTopicReader(String bootstrap, Duration apiTimeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "kloggregator-replay");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis());
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis());
    props.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 5_000);
    try {
      this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
    } catch (KafkaException e) {
      throw new CliException(ExitCode.UNREACHABLE, "Cannot use Kafka at " + bootstrap + ": "
          + e.getMessage() + ". Check --bootstrap-server.");
    }
    this.bootstrap = bootstrap;
  }

  /** Sends {@code app}'s lines in {@code range} from {@code topic} to {@code target}, in order. */
  Summary replay(String topic, String app, ReplayRange range, ReplayTarget target)
      throws IOException {
    byte[] key = app.getBytes(StandardCharsets.UTF_8);
    TopicPartition tp = new TopicPartition(topic, partitionOf(topic, key));
    consumer.assign(List.of(tp));
    long begin = kafka(() -> consumer.beginningOffsets(List.of(tp)).get(tp));
    long end = kafka(() -> consumer.endOffsets(List.of(tp)).get(tp));
    long start = Math.max(begin, range.fromOffset() >= 0 ? range.fromOffset()
        : range.from() != null ? offsetAt(tp, range.from().toEpochMilli(), end) : begin);
    long stop = Math.min(end, range.toOffset() >= 0 ? range.toOffset()
        : range.to() != null ? offsetAt(tp, range.to().plus(range.skew()).toEpochMilli(), end)
            : end);
    long sent = 0;
    long undecodable = 0;
    if (start < stop) {
      consumer.seek(tp, start);
      long lastProgress = System.nanoTime();
      while (consumer.position(tp) < stop) {
        List<ConsumerRecord<byte[], byte[]>> records = kafka(() -> consumer.poll(POLL)).records(tp);
        if (records.isEmpty() && System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
          throw new CliException(ExitCode.UNREACHABLE, "Kafka at " + bootstrap + " stopped "
              + "answering at offset " + consumer.position(tp) + " of " + tp + " (" + sent
              + " lines sent so far); rerun with --from-offset " + consumer.position(tp) + ".");
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          lastProgress = System.nanoTime();
          if (record.offset() >= stop) {
            break;
          }
          if (!Arrays.equals(key, record.key()) || record.value() == null) {
            continue;
          }
          LogMessage message;
          try {
            message = LogMessage.parseFrom(record.value());
          } catch (InvalidProtocolBufferException e) {
            undecodable++;
            continue;
          }
          if (range.contains(message.getTimestamp(), record.offset())) {
            target.send(message, tp.partition(), record.offset());
            sent++;
          }
        }
      }
    }
    target.flush();
    return new Summary(tp.partition(), start, stop, sent, undecodable);
  }

  private int partitionOf(String topic, byte[] key) {
    List<PartitionInfo> partitions = kafka(() -> consumer.partitionsFor(topic));
    if (partitions == null || partitions.isEmpty()) {
      throw new CliException(ExitCode.FAILURE, "Topic " + topic + " does not exist at "
          + bootstrap + ".");
    }
    return new LogPartitions(partitions.size()).partitionOf(key);
  }

  /** The first offset stamped at or after {@code millis}, or {@code end} when there is none. */
  private long offsetAt(TopicPartition tp, long millis, long end) {
    Map<TopicPartition, OffsetAndTimestamp> found =
        kafka(() -> consumer.offsetsForTimes(Map.of(tp, millis)));
    OffsetAndTimestamp at = found.get(tp);
    return at == null ? end : at.offset();
  }

  private <T> T kafka(Supplier<T> call) {
    try {
      return call.get();
    } catch (TimeoutException e) {
      throw new CliException(ExitCode.UNREACHABLE, "Cannot reach Kafka at " + bootstrap
          + " (timed out). Check --bootstrap-server or KLOGGREGATOR_KAFKA_BOOTSTRAP.");
    } catch (OffsetOutOfRangeException e) {
      throw new CliException(ExitCode.FAILURE, "Kafka deleted offsets "
          + e.offsetOutOfRangePartitions() + " (retention) while the replay read them; rerun it "
          + "from a later time or offset.");
    }
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
