package io.kloggregator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.TopicReplication;
import io.kloggregator.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The three-broker cluster keeps every acknowledged record when the leader of a partition is
 * killed and when a broker's data directory is lost and it rejoins.
 */
class KafkaClusterIT {

  @Test
  void acknowledgedRecordsSurviveTheLeadersKillAndALostDisk() throws Exception {
    try (KafkaCluster cluster = KafkaCluster.start(TempDirs.create("kl-cluster-it-"), 3, "256m");
         KafkaProducer<String, String> producer = producer(cluster.bootstrapServers())) {
      TopicSetup.create(cluster.bootstrapServers(), 1, TopicReplication.THREE_BROKERS);
      cluster.awaitFullyReplicated(Duration.ofSeconds(60), Topics.LOGS);
      List<String> sent = new ArrayList<>();
      send(producer, sent, 0, 100);

      int leader = cluster.leaderOf(Topics.LOGS, 0);
      cluster.node(leader).kill();
      send(producer, sent, 100, 200);
      cluster.node(leader).startBroker();
      cluster.awaitFullyReplicated(Duration.ofSeconds(90), Topics.LOGS);
      int wiped = cluster.leaderOf(Topics.LOGS, 0);
      cluster.node(wiped).wipeAndStart();
      send(producer, sent, 200, 300);
      cluster.awaitFullyReplicated(Duration.ofSeconds(90), Topics.LOGS);

      assertThat(cluster.leaderOf(Topics.LOGS, 0)).isBetween(0, 2);
      assertThat(readAll(cluster.bootstrapServers(), sent.size())).containsExactlyElementsOf(sent);
    }
  }

  private static void send(KafkaProducer<String, String> producer, List<String> sent, int from,
      int to) throws InterruptedException, ExecutionException {
    for (int i = from; i < to; i++) {
      String value = "line " + i;
      producer.send(new ProducerRecord<>(Topics.LOGS, "app", value)).get();
      sent.add(value);
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new StringSerializer(), new StringSerializer());
  }

  private static List<String> readAll(String bootstrap, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(),
        new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(Topics.LOGS, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
