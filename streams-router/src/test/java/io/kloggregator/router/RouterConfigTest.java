package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kloggregator.schemas.TopicReplication;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterConfigTest {

  private static final Map<String, String> REQUIRED = Map.of(
      "KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:9092",
      "KLOGGREGATOR_ETCD_ENDPOINTS", "http://e:2379",
      "KLOGGREGATOR_ROUTER_STATE_DIR", "/var/lib/router");

  @Test
  void ofGivesLoopbackDefaults() {
    RouterConfig config = RouterConfig.of("k:9092", "http://e:2379", Path.of("s"), 0);

    assertThat(config.httpHost()).isEqualTo("127.0.0.1");
    assertThat(config.advertisedHost()).isEqualTo("127.0.0.1");
    assertThat(config.applicationId()).isEqualTo("kloggregator-router");
    assertThat(config.retainedLines()).isEqualTo(1000);
    assertThat(config.drainsSince()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void envDefaultsApplyWhenOnlyRequiredVariablesAreSet() {
    RouterConfig config = RouterConfig.fromEnv(REQUIRED);

    assertThat(config.httpPort()).isEqualTo(RouterConfig.DEFAULT_HTTP_PORT);
    assertThat(config.standbyReplicas()).isZero();
    assertThat(config.startTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.rocksDbMemoryBytes()).isEqualTo(128L << 20);
    assertThat(config.mirrorBindings()).isTrue();
    assertThat(config.kafkaMetrics()).isFalse();
    assertThat(config.kafkaOverrides()).isEmpty();
  }

  @Test
  void kafkaClientMetricsAreOptInAndNotTakenForAKafkaKey() {
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.put("KLOGGREGATOR_ROUTER_STREAMS_METRICS", "yes");

    RouterConfig config = RouterConfig.fromEnv(env);

    assertThat(config.kafkaMetrics()).isTrue();
    assertThat(config.kafkaOverrides()).isEmpty();
  }

  @Test
  void envVariablesOverrideDefaults() {
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.put("KLOGGREGATOR_ROUTER_RETAINED_LINES", "50");
    env.put("KLOGGREGATOR_ROUTER_STANDBY_REPLICAS", "1");
    env.put("KLOGGREGATOR_ROUTER_DRAINS_SINCE", "2026-11-25T09:00:00Z");
    env.put("KLOGGREGATOR_ROUTER_MIRROR_BINDINGS", "false");
    env.put("KLOGGREGATOR_ROUTER_KAFKA_SESSION_TIMEOUT_MS", "6000");

    RouterConfig config = RouterConfig.fromEnv(env);

    assertThat(config.retainedLines()).isEqualTo(50);
    assertThat(config.standbyReplicas()).isEqualTo(1);
    assertThat(config.drainsSince()).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
    assertThat(config.mirrorBindings()).isFalse();
    assertThat(config.kafkaOverrides()).containsEntry("session.timeout.ms", "6000");
  }

  @Test
  void mirrorBindingsTakesYesNoAndOneZero() {
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.put("KLOGGREGATOR_ROUTER_MIRROR_BINDINGS", "no");

    assertThat(RouterConfig.fromEnv(env).mirrorBindings()).isFalse();
  }

  @Test
  void rocksDbMemoryIsReadInMebibytes() {
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.put("KLOGGREGATOR_ROUTER_ROCKSDB_MEMORY_MB", "64");

    assertThat(RouterConfig.fromEnv(env).rocksDbMemoryBytes()).isEqualTo(64L << 20);
    env.put("KLOGGREGATOR_ROUTER_ROCKSDB_MEMORY_MB", "0");
    assertThatThrownBy(() -> RouterConfig.fromEnv(env))
        .hasMessage("KLOGGREGATOR_ROUTER_ROCKSDB_MEMORY_MB=0: must be >= 1");
  }

  @Test
  void missingRequiredVariableIsNamed() {
    assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of()))
        .hasMessage("3 settings refused: KLOGGREGATOR_KAFKA_BOOTSTRAP=(unset): is required; "
            + "KLOGGREGATOR_ETCD_ENDPOINTS=(unset): is required; "
            + "KLOGGREGATOR_ROUTER_STATE_DIR=(unset): is required");
  }

  @Test
  void badValuesAreRejectedNamingTheSetting() {
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.put("KLOGGREGATOR_ROUTER_RETAINED_LINES", "0");
    assertThatThrownBy(() -> RouterConfig.fromEnv(env))
        .hasMessage("KLOGGREGATOR_ROUTER_RETAINED_LINES=0: must be 1..100000");

    env.put("KLOGGREGATOR_ROUTER_RETAINED_LINES", "many");
    assertThatThrownBy(() -> RouterConfig.fromEnv(env))
        .hasMessage("KLOGGREGATOR_ROUTER_RETAINED_LINES=many: must be an integer");

    env.remove("KLOGGREGATOR_ROUTER_RETAINED_LINES");
    env.put("KLOGGREGATOR_ROUTER_HTTP_PORT", "70000");
    assertThatThrownBy(() -> RouterConfig.fromEnv(env))
        .hasMessage("KLOGGREGATOR_ROUTER_HTTP_PORT=70000: must be a port 0..65535");

    env.remove("KLOGGREGATOR_ROUTER_HTTP_PORT");
    env.put("KLOGGREGATOR_ROUTER_DRAINS_SINCE", "yesterday");
    assertThatThrownBy(() -> RouterConfig.fromEnv(env)).hasMessage(
        "KLOGGREGATOR_ROUTER_DRAINS_SINCE=yesterday: must be an ISO-8601 instant such as "
            + "2026-11-25T09:00:00Z");
  }

  @Test
  void internalTopicsAreReplicatedAsSetAndNeverAskMoreInSyncThanReplicas() {
    Map<String, String> env = new HashMap<>(REQUIRED);
    assertThat(RouterConfig.fromEnv(env).internalTopics())
        .isEqualTo(TopicReplication.SINGLE_BROKER);

    env.put("KLOGGREGATOR_ROUTER_REPLICATION_FACTOR", "3");
    env.put("KLOGGREGATOR_ROUTER_MIN_INSYNC_REPLICAS", "2");
    assertThat(RouterConfig.fromEnv(env).internalTopics())
        .isEqualTo(TopicReplication.THREE_BROKERS);

    env.put("KLOGGREGATOR_ROUTER_REPLICATION_FACTOR", "1");
    assertThatThrownBy(() -> RouterConfig.fromEnv(env)).hasMessage(
        "KLOGGREGATOR_ROUTER_MIN_INSYNC_REPLICAS=2: must be at most "
            + "KLOGGREGATOR_ROUTER_REPLICATION_FACTOR (1)");
  }
}
