package io.kloggregator.agent;

import static io.kloggregator.agent.AgentFixture.SECRET;
import static io.kloggregator.agent.AgentFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kloggregator.schemas.proto.LogMessage.MessageType;
import io.kloggregator.testkit.FakeWarden;
import io.kloggregator.testkit.TempDirs;
import io.kloggregator.testkit.TestUdpReceiver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 10,000 instances listed, whose sockets do not exist (yet), beside one that is real. */
class AgentScaleIT {

  private static final int LISTED = 10_000;

  private final Path dir = TempDirs.create("agent-scale");
  private final Path file = dir.resolve("db").resolve("instances.json");
  private final FakeWarden warden = new FakeWarden(dir.resolve("warden"));
  private final TestUdpReceiver receiver = new TestUdpReceiver(SECRET);
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ObjectMapper json = new ObjectMapper();
  private Agent agent;

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.close();
    }
    receiver.close();
    warden.close();
    TempDirs.deleteRecursively(dir);
  }

  private double gauge(String name) {
    Gauge g = registry.find(name).gauge();
    return g == null ? 0 : g.value();
  }

  private void writeSnapshot(FakeWarden.Instance real, int missing) throws IOException {
    ObjectNode doc = json.createObjectNode();
    ArrayNode list = doc.putArray("instances");
    for (int i = 0; i < missing; i++) {
      list.addObject().put("application_id", "ghost-" + (i % 500)).put("state", "RUNNING")
          .put("warden_job_id", 1000 + i).put("instance_index", i / 500)
          .put("warden_container_path", dir.resolve("missing").resolve("c" + i).toString());
    }
    list.addObject().put("application_id", real.appId()).put("state", "RUNNING")
        .put("warden_job_id", real.jobId()).put("instance_index", real.index())
        .put("warden_container_path", real.containerPath().toString());
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(dir, "instances", ".json");
    json.writeValue(temp.toFile(), doc);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void tenThousandListedInstancesDoNotStopARealOneFromBeingRead() throws IOException {
    FakeWarden.Instance real = warden.start("real-app", 7);
    writeSnapshot(real, LISTED);
    agent = new Agent(AgentConfig.of(file, List.of(receiver.address()), SECRET), registry,
        Clock.systemUTC());

    agent.start();

    await().atMost(WAIT).until(() -> gauge("kloggregator.agent.instances") == LISTED + 1);
    await().atMost(WAIT).until(() -> gauge("kloggregator.agent.readers.open") == 2.0);
    assertThat(gauge("kloggregator.agent.readers.waiting")).isEqualTo(2.0 * LISTED);
    for (int i = 0; i < 100; i++) {
      real.stdout().println("line " + i);
    }
    real.stdout().write("half ".getBytes(StandardCharsets.UTF_8));
    await().atMost(WAIT)
        .until(() -> receiver.lines("real-app", MessageType.OUT, "7").size() == 100);
    assertThat(receiver.lines("real-app", MessageType.OUT, "7"))
        .containsExactlyElementsOf(AgentIT.numbered("line ", 100));

    writeSnapshot(real, 0);

    await().atMost(WAIT).until(() -> gauge("kloggregator.agent.instances") == 1.0);
    real.stdout().println("and the rest");
    await().atMost(WAIT)
        .until(() -> receiver.lines("real-app", MessageType.OUT, "7").size() == 101);
    assertThat(receiver.lines("real-app", MessageType.OUT, "7")).last()
        .isEqualTo("half and the rest");
    assertThat(gauge("kloggregator.agent.readers.open")).isEqualTo(2.0);
    assertThat(gauge("kloggregator.agent.readers.waiting")).isZero();
  }
}
