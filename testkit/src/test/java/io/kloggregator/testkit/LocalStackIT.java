package io.kloggregator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LocalStackIT {

  @Test
  void twoStacksRunSideBySideAndEachCarriesRecords() throws Exception {
    try (LocalStack first = LocalStack.start(LocalStack.Options.forTests());
         LocalStack second = LocalStack.start(LocalStack.Options.forTests())) {

      assertThat(first.bootstrapServers()).isNotEqualTo(second.bootstrapServers());
      assertThat(first.etcdEndpoint()).isNotEqualTo(second.etcdEndpoint());
      for (LocalStack stack : List.of(first, second)) {
        assertThat(roundTrip(stack.bootstrapServers(), stack.etcdEndpoint()))
            .isEqualTo("line from " + stack.etcdEndpoint());
        assertThat(etcdHealth(stack.etcdEndpoint())).contains("\"health\":\"true\"");
      }
    }
  }

  @Test
  void createsTheContractTopics() throws Exception {
    try (LocalStack stack = LocalStack.start(LocalStack.Options.forTests());
         Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {

      Set<String> names = admin.listTopics().names().get();

      assertThat(names).contains(Topics.LOGS, Topics.DRAINS, Topics.BINDINGS);
      assertThat(admin.describeTopics(List.of(Topics.LOGS)).allTopicNames().get()
          .get(Topics.LOGS).partitions()).hasSize(4);
    }
  }

  @Test
  void childProcessBrokerSurvivesKillAndRestartWithItsData() throws Exception {
    try (ProcessKafka kafka = ProcessKafka.start(TempDirs.create("kafka-proc-"),
        FreePorts.pick(), "256m")) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("t", 1, (short) 1)))
            .all().get();
      }
      roundTripOn(kafka.bootstrapServers(), "t", "before kill");

      kafka.kill();
      kafka.startBroker();

      assertThat(readAll(kafka.bootstrapServers(), "t")).containsExactly("before kill");
    }
  }

  private static String roundTrip(String bootstrap, String text) throws Exception {
    roundTripOn(bootstrap, Topics.LOGS, "line from " + text);
    return readAll(bootstrap, Topics.LOGS).get(0);
  }

  private static void roundTripOn(String bootstrap, String topic, String value) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "app", value)).get();
    }
  }

  private static List<String> readAll(String bootstrap, String topic) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<String> values = new ArrayList<>();
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.isEmpty() && System.nanoTime() < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      return values;
    }
  }

  private static String etcdHealth(String endpoint) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/health"))
        .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
  }
}
