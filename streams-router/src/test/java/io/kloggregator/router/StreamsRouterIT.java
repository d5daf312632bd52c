package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.testkit.LocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamsRouterIT {

  private static LocalStack stack;
  private static StreamsRouter router;
  private static RouterClient client;
  private static LogProducer producer;

  @BeforeAll
  static void startStackAndRouter() {
    stack = LocalStack.start(LocalStack.Options.forTests());
    router = new StreamsRouter(RouterConfig.of(stack.bootstrapServers(), stack.etcdEndpoint(),
        stack.dir().resolve("router-state"), 0));
    router.start();
    client = new RouterClient(router.httpPort());
    producer = new LogProducer(stack.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    if (producer != null) {
      producer.close();
    }
    if (router != null) {
      router.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void linesProducedToTheLogTopicAreReturnedByRecent() {
    producer.send("app-it-1", "hello", 20);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(client.recent("app-it-1", 1000).getLinesCount()).isEqualTo(20));

    RecentLines dump = client.recent("app-it-1", 5);
    assertThat(texts(dump)).containsExactly("hello 15", "hello 16", "hello 17", "hello 18",
        "hello 19");
    assertThat(dump.getNextOffset()).isEqualTo(dump.getLines(4).getOffset() + 1);
    assertThat(dump.getLines(0).getPartition()).isEqualTo(dump.getPartition());
  }

  @Test
  void unknownAppAnswersEmptyWithNextOffsetMinusOne() {
    RecentLines dump = client.recent("app-never-seen", 10);

    assertThat(dump.getLinesList()).isEmpty();
    assertThat(dump.getNextOffset()).isEqualTo(-1L);
  }

  @Test
  void missingAppOrBadNIsRejectedWithAReason() {
    var missingApp = client.get("/v1/recent?n=3");
    var badN = client.get("/v1/recent?app=a&n=zero");
    var negativeN = client.get("/v1/recent?app=a&n=-1");

    assertThat(missingApp.statusCode()).isEqualTo(400);
    assertThat(new String(missingApp.body(), StandardCharsets.UTF_8)).contains("app");
    assertThat(badN.statusCode()).isEqualTo(400);
    assertThat(negativeN.statusCode()).isEqualTo(400);
    assertThat(new String(badN.body(), StandardCharsets.UTF_8)).contains("n must be");
  }

  @Test
  void healthReportsRunning() {
    var health = client.get("/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(new String(health.body(), StandardCharsets.UTF_8)).contains("RUNNING");
  }

  private static List<String> texts(RecentLines dump) {
    return dump.getLinesList().stream()
        .map(l -> l.getLogMessage().getMessage().toString(StandardCharsets.UTF_8)).toList();
  }
}
