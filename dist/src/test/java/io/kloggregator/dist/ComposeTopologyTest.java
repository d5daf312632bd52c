package io.kloggregator.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yml's shape: topics as schemas/README.md defines them, state on named volumes,
 * every long-running service restarted and health-checked, and images pinned.
 */
class ComposeTopologyTest {

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
      if (name.equals("kafka-init")) {
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

  private List<String> volumes(String service) {
    return strings(compose.service(service).get("volumes"));
  }

  private static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }
}
