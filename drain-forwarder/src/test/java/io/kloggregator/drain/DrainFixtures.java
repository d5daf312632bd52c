package io.kloggregator.drain;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.DrainRecord;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the streams router would do for the tests: produce {@code DrainRecord}s to the drain
 * topic keyed by binding id; plus reading notice lines back from the log topic and starting a
 * consumer group at the end of the drain topic (so tests sharing a broker do not see each
 * other's records). Not thread-safe.
 */
final class DrainFixtures implements AutoCloseable {

  static final long BASE_TS = 1_764_038_100_000_000_000L; // 2025-11-25T02:35:00Z

  private final String bootstrap;
  private final KafkaProducer<String, byte[]> producer;
  private final java.util.concurrent.atomic.AtomicLong failedSends =
      new java.util.concurrent.atomic.AtomicLong();

  DrainFixtures(String bootstrap) {
    this.bootstrap = bootstrap;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
  }

  static String bindingId(String appId, String url) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(url.getBytes(StandardCharsets.UTF_8));
      return appId + "/" + HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static LogMessage line(String appId, String text, LogMessage.MessageType type, long ts) {
    return LogMessage.newBuilder().setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(type).setTimestamp(ts).setAppId(appId)
        .setSourceName("App").setSourceId("0").build();
  }

  void send(String url, LogMessage m) {
    String binding = bindingId(m.getAppId(), url);
    DrainRecord r = DrainRecord.newBuilder().setAppId(m.getAppId()).setBindingId(binding)
        .setDrainUrl(url).setLogMessage(m).build();
    producer.send(new ProducerRecord<>(Topics.DRAINS, binding, r.toByteArray()), this::acked);
  }

  private void acked(org.apache.kafka.clients.producer.RecordMetadata m, Exception error) {
    if (error != null) {
      failedSends.incrementAndGet();
    }
  }

  /** Sends the broker did not acknowledge (counted by {@link #send} and {@link #sendLogs}). */
  long failedSends() {
    return failedSends.get();
  }

  /**
   * Writes {@code n} OUT lines "prefix-000001".. of {@code appId} to the log topic, as the
   * ingest bridge would (for tests with a streams router between the log and drain topics).
   */
  void sendLogs(String appId, String prefix, int from, int n) {
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int i = from; i < from + n; i++) {
      String text = String.format(java.util.Locale.ROOT, "%s-%06d", prefix, i);
      producer.send(new ProducerRecord<>(Topics.LOGS, appId,
          line(appId, text, LogMessage.MessageType.OUT, now).toByteArray()), this::acked);
    }
  }

  /** Like {@link #send} but to partition {@code partition}, whatever the key hashes to. */
  void sendTo(int partition, String url, LogMessage m) {
    String binding = bindingId(m.getAppId(), url);
    DrainRecord r = DrainRecord.newBuilder().setAppId(m.getAppId()).setBindingId(binding)
        .setDrainUrl(url).setLogMessage(m).build();
    producer.send(new ProducerRecord<>(Topics.DRAINS, partition, binding, r.toByteArray()));
  }

  /** Binds {@code url} to {@code appId} as the router's etcd mirror would (bindings topic). */
  void bind(String appId, String url) {
    producer.send(new ProducerRecord<>(Topics.BINDINGS, bindingId(appId, url),
        url.getBytes(StandardCharsets.UTF_8)), this::acked);
  }

  /** Removes the binding: a tombstone in the bindings topic, as after {@code etcdctl del}. */
  void unbind(String appId, String url) {
    producer.send(new ProducerRecord<>(Topics.BINDINGS, bindingId(appId, url), null),
        this::acked);
  }

  void sendRaw(String key, byte[] value) {
    producer.send(new ProducerRecord<>(Topics.DRAINS, key, value));
  }

  /** Sends {@code n} OUT lines "prefix-000001".. to {@code url}; returns their texts. */
  List<String> sendNumbered(String url, String appId, String prefix, int from, int n) {
    List<String> texts = new ArrayList<>(n);
    for (int i = from; i < from + n; i++) {
      String text = String.format(java.util.Locale.ROOT, "%s-%06d", prefix, i);
      send(url, line(appId, text, LogMessage.MessageType.OUT, BASE_TS + i * 1000L));
      texts.add(text);
    }
    return texts;
  }

  void flush() {
    producer.flush();
  }

  /** Commits the group at the current end of the drain topic. */
  void startGroupAtEnd(String groupId) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap))) {
      int partitions = admin.describeTopics(List.of(Topics.DRAINS)).allTopicNames().get()
          .get(Topics.DRAINS).partitions().size();
      Map<TopicPartition, OffsetSpec> specs = new java.util.HashMap<>();
      for (int p = 0; p < partitions; p++) {
        specs.put(new TopicPartition(Topics.DRAINS, p), OffsetSpec.latest());
      }
      Map<TopicPartition, OffsetAndMetadata> ends = admin.listOffsets(specs).all().get()
          .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
              e -> new OffsetAndMetadata(e.getValue().offset())));
      admin.alterConsumerGroupOffsets(groupId, ends).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot set group offsets", e.getCause());
    }
  }

  /** Sum over the drain topic's partitions of the group's committed offsets. */
  long committed(String groupId) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap))) {
      return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get()
          .values().stream().filter(java.util.Objects::nonNull)
          .mapToLong(OffsetAndMetadata::offset).sum();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read group offsets", e.getCause());
    }
  }

  /** Synthetic notice lines written to {@code appId}'s stream so far. */
  List<LogMessage> notices(String appId) {
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> tps = c.partitionsFor(Topics.LOGS).stream()
          .map(p -> new TopicPartition(Topics.LOGS, p.partition())).toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      List<LogMessage> out = new ArrayList<>();
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          Header h = r.headers().lastHeader(Topics.HEADER_INGEST);
          if (appId.equals(r.key()) && h != null
              && "synthetic".equals(new String(h.value(), StandardCharsets.UTF_8))) {
            out.add(parse(r.value()));
          }
        }
      }
      return out;
    }
  }

  private static LogMessage parse(byte[] b) {
    try {
      return LogMessage.parseFrom(b);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
