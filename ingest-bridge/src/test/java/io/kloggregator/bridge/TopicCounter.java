package io.kloggregator.bridge;

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
  static long[] awaitSettled(LongSupplier count, long target, long quietMillis)
      throws InterruptedException {
    long last = count.getAsLong();
    long lastChange = System.nanoTime();
    while (last < target && System.nanoTime() - lastChange < quietMillis * 1_000_000) {
      Thread.sleep(20);
      long now = count.getAsLong();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      }
    }
    return new long[] {lastChange, last};
  }

  @Override
  public void close() {
    admin.close();
  }
}
