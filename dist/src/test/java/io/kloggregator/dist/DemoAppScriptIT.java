package io.kloggregator.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.agent.Agent;
import io.kloggregator.agent.AgentConfig;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.TestUdpReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The compose stack's demo app ({@code deploy/bin/demo-app}, profile {@code demo}) run here as the
 * image runs it, with Debian's socat, and read by the real agent: its lines reach the agent's
 * ingest as the app's OUT and ERR lines, and stopping it takes the instance out of the snapshot.
 * Only starting Docker itself is left out.
 */
class DemoAppScriptIT {

  private static final String SECRET = "demo-secret";
  private static final Path SCRIPT = ComposeFile.repositoryRoot().resolve("deploy/bin/demo-app");

  private Process demo;

  @AfterEach
  void stop() throws InterruptedException {
    if (demo != null && demo.isAlive()) {
      demo.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private Process startDemo(Path dea) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString())
        .redirectErrorStream(true)
        .redirectOutput(Files.createTempFile("demo-app", ".log").toFile());
    builder.environment().put("KLOGGREGATOR_DEMO_DEA_DIR", dea.toString());
    builder.environment().put("KLOGGREGATOR_DEMO_APP_ID", "compose-demo");
    builder.environment().put("KLOGGREGATOR_DEMO_INTERVAL", "0.05");
    return builder.start();
  }

  @Test
  void theAgentReadsTheDemoAppsStdoutAndStderr() throws Exception {
    Path dea = Files.createTempDirectory(Path.of("/tmp"), "dea-");
    Path instances = dea.resolve("db").resolve("instances.json");
    demo = startDemo(dea);
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.isRegularFile(instances));

    try (TestUdpReceiver ingest = new TestUdpReceiver(SECRET);
        Agent agent = new Agent(AgentConfig.of(instances, List.of(ingest.address()), SECRET))) {
      agent.start();

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(ingest.lines("compose-demo", LogMessage.MessageType.OUT, "0"))
            .hasSizeGreaterThan(5).allMatch(line -> line.matches(
                "GET /items/\\d+ 200 \\d+ ms \\(demo line \\d+\\)"));
        assertThat(ingest.lines("compose-demo", LogMessage.MessageType.ERR, "0"))
            .isNotEmpty().allMatch(line -> line.startsWith("WARN slow request #"));
      });
    }
  }

  @Test
  void stoppingTheDemoAppTakesItsInstanceOutOfTheSnapshot() throws Exception {
    Path dea = Files.createTempDirectory(Path.of("/tmp"), "dea-");
    Path instances = dea.resolve("db").resolve("instances.json");
    demo = startDemo(dea);
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.isRegularFile(instances)
        && Files.readString(instances).contains("\"application_id\":\"compose-demo\""));

    demo.destroy();

    assertThat(demo.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(demo.exitValue()).isZero();
    assertThat(Files.readString(instances)).contains("\"instances\":[]");
  }
}
