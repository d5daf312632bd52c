package io.kloggregator.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yml checked by a real compose implementation without an engine: Debian's
 * {@code docker-compose} (1.29.2) {@code config -q}, as CI runs it (scripts/install-deps).
 */
class ComposeConfigIT {

  private final Path compose = ComposeFile.repositoryRoot().resolve("deploy/compose.yml");

  @Test
  void composeFileValidatesWithTheSecretsSet() throws Exception {
    Result result = dockerCompose(Map.of(
        "KLOGGREGATOR_SHARED_SECRET", "shared-secret", "KLOGGREGATOR_JWT_SECRET", "jwt"),
        "config", "-q");

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void composeFileRefusesToStartWithoutTheSecrets() throws Exception {
    Result result = dockerCompose(Map.of(), "config", "-q");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("set it in deploy/.env");
  }

  @Test
  void clusterOverlayGivesThreeBrokersAndReplicatedTopics() throws Exception {
    Path overlay = compose.resolveSibling("compose.cluster.yml");
    Result result = dockerCompose(Map.of(
        "KLOGGREGATOR_SHARED_SECRET", "shared-secret", "KLOGGREGATOR_JWT_SECRET", "jwt"),
        "-f", overlay.toString(), "config");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("  kafka:\n", "  kafka-2:\n", "  kafka-3:\n",
        "KLOGGREGATOR_KAFKA_BOOTSTRAP: kafka:9092,kafka-2:9092,kafka-3:9092",
        "REPLICATION_FACTOR: '3'", "MIN_INSYNC_REPLICAS: '2'",
        "KLOGGREGATOR_ROUTER_REPLICATION_FACTOR: '3'");
  }

  /** An empty env file, so an operator's deploy/.env does not leak into the check. */
  private static String noEnvFile() throws IOException {
    return java.nio.file.Files.createTempFile("compose-", ".env").toString();
  }

  private record Result(int exitCode, String output) {
  }

  private Result dockerCompose(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("docker-compose",
        "--project-directory", compose.getParent().toString(), "--env-file", noEnvFile(),
        "-f", compose.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("KLOGGREGATOR_"));
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError("docker-compose is not installed (scripts/install-deps installs "
          + "Debian's docker-compose): " + e.getMessage(), e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("docker-compose did not finish in 60 s: " + output);
    }
    return new Result(process.exitValue(), output);
  }
}
