package io.kloggregator.bridge;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Counts records in a topic from the sum of its partitions' end offsets. */
final class TopicCounter implements AutoCloseable {

  private final Admin admin;

  TopicCounter(String bootstrap) {
    admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
  }

  long count(String topic) {
    try {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
          .partitions().size();
      Map<TopicPartition, OffsetSpec> latest = java.util.stream.IntStream.range(0, partitions)
          .boxed().collect(Collectors.toMap(p -> new TopicPartition(topic, p),
              p -> OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().values().stream()
          .mapToLong(info -> info.offset()).sum();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot count " + topic, e.getCause());
    }
  }

  /**
   * Waits until {@code count} reaches {@code target} or stops growing for {@code quietMillis};
   * returns the nanoTime the last growth was seen and the count.
   */
  static long[] awaitSettled(LongSupplier count, long target, long quietMillis) {
    long[] lastChangeAndCount = {System.nanoTime(), count.getAsLong()};
    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).forever().until(() -> {
      long now = count.getAsLong();
      if (now != lastChangeAndCount[1]) {
        lastChangeAndCount[0] = System.nanoTime();
        lastChangeAndCount[1] = now;
      }
      return now >= target
          || System.nanoTime() - lastChangeAndCount[0] >= quietMillis * 1_000_000;
    });
    return lastChangeAndCount;
  }

  @Override
  public void close() {
    admin.close();
  }
}
