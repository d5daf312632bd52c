package io.kloggregator.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yml's shape: topics as schemas/README.md defines them, state on named volumes,
 * every long-running service restarted and health-checked, and images pinned.
 */
class ComposeTopologyTest {

  private static final String PUBLISH_HOST = "${KLOGGREGATOR_PUBLISH_HOST:-127.0.0.1}:";
  private static final Set<String> ONE_SHOT = Set.of("kafka-init", "cli");

  private final ComposeFile compose =
      ComposeFile.load(ComposeFile.repositoryRoot().resolve("deploy/compose.yml"));

  @Test
  void initServiceCreatesTheTopicsOfTheRecordContract() {
    Map<String, Object> init = compose.service("kafka-init");
    String script = String.join("\n", strings(init.get("command")));
    String partitions = String.valueOf(((Map<?, ?>) init.get("environment")).get("LOG_PARTITIONS"));

    assertThat(partitions).isEqualTo(Integer.toString(Topics.DEFAULT_LOG_PARTITIONS));
    assertThat(script)
        .contains("--topic " + Topics.LOGS + " --partitions $${LOG_PARTITIONS}")
        .contains("--topic " + Topics.DRAINS + " --partitions $${LOG_PARTITIONS}")
        .contains("--topic " + Topics.BINDINGS + " --partitions 1")
        .contains("cleanup.policy=compact")
        .contains("--if-not-exists");
    assertThat(init.get("restart")).isEqualTo("no");
  }

  @Test
  void kafkaEtcdAndEachRouterKeepTheirStateOnNamedVolumes() {
    assertThat(volumes("kafka")).contains("kafka-data:/var/lib/kafka/data");
    assertThat(volumes("etcd")).contains("etcd-data:/etcd-data");
    for (String router : List.of("streams-router-1", "streams-router-2")) {
      String stateDir = String.valueOf(((Map<?, ?>) compose.service(router).get("environment"))
          .get("KLOGGREGATOR_ROUTER_STATE_DIR"));
      assertThat(volumes(router)).as(router)
          .contains(router.replace("streams-", "") + "-state:" + stateDir);
    }
    assertThat(compose.volumeNames())
        .contains("kafka-data", "etcd-data", "router-1-state", "router-2-state");
  }

  @Test
  void everyLongRunningServiceIsRestartedAndHealthChecked() {
    for (String name : compose.serviceNames()) {
      if (ONE_SHOT.contains(name)) {
        assertThat(compose.service(name).get("restart")).as(name).isEqualTo("no");
        continue;
      }
      Map<String, Object> service = compose.service(name);
      assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
      assertThat(service).as(name).containsKey("healthcheck");
    }
  }

  @Test
  void everyImageIsPinned() {
    for (String name : compose.serviceNames()) {
      String image = String.valueOf(compose.service(name).get("image"));
      assertThat(image).as(name).matches(".+:[^:]+").doesNotEndWith(":latest");
    }
  }

  @Test
  void everyPublishedPortListensOnThePublishHostLoopbackByDefault() {
    for (String name : compose.serviceNames()) {
      Object ports = compose.service(name).get("ports");
      if (ports != null) {
        assertThat(strings(ports)).as(name).allMatch(port -> port.startsWith(PUBLISH_HOST));
      }
    }
  }

  @Test
  void everyComponentsOpsPortIsPublished() {
    Map<String, String> opsPorts = Map.of("agent", "9457", "ingest-bridge", "9456",
        "streams-router-1", "8083", "streams-router-2", "8083", "gateway", "8080",
        "drain-forwarder", "8084");
    opsPorts.forEach((service, port) -> assertThat(strings(compose.service(service).get("ports")))
        .as(service).anyMatch(published -> published.endsWith(":" + port)));
  }

  @Test
  void theDemoAppWritesWhereTheAgentReads() {
    String agentEnv = String.valueOf(((Map<?, ?>) compose.service("agent").get("environment"))
        .get("KLOGGREGATOR_AGENT_INSTANCES_FILE"));
    String demoDir = String.valueOf(((Map<?, ?>) compose.service("demo-app").get("environment"))
        .get("KLOGGREGATOR_DEMO_DEA_DIR"));

    assertThat(agentEnv).isEqualTo(demoDir + "/db/instances.json");
    assertThat(volumes("demo-app")).containsExactly("dea:" + demoDir);
    assertThat(volumes("agent")).containsExactly("dea:" + demoDir);
    assertThat(strings(compose.service("demo-app").get("profiles"))).containsExactly("demo");
    assertThat(strings(compose.service("cli").get("profiles"))).containsExactly("tools");
  }

  private List<String> volumes(String service) {
    return strings(compose.service(service).get("volumes"));
  }

  private static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }
}
