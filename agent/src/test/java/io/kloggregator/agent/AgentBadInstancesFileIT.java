package io.kloggregator.agent;

import static io.kloggregator.agent.AgentFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.proto.LogMessage.MessageType;
import io.kloggregator.testkit.FakeWarden;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input suite for {@code instances.json}: variants that {@code AgentFileWatchIT} (a
 * truncated file) and {@code InstancesFileTest} (wrong types, missing fields, empty) do not cover,
 * written while an instance is being read.
 */
class AgentBadInstancesFileIT {

  private final AgentFixture fx = new AgentFixture();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  static Stream<Arguments> unusableSnapshots() {
    byte[] binary = new byte[4096];
    new Random(7).nextBytes(binary);
    return Stream.of(
        Arguments.of("binary", binary, "is not valid JSON at line"),
        Arguments.of("not UTF-8", concat(ascii("{\"instances\": [{\"application_id\": \"a"),
            new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xC3, 0x28}, ascii("\"}]}")),
            "is not valid JSON at line 1"),
        Arguments.of("deeply nested", ascii("{\"instances\": " + "[".repeat(200_000)),
            "is not valid JSON at unknown position: Document nesting depth (1001) exceeds"),
        Arguments.of("huge", ascii("{\"instances\": [], \"padding\": \""
            + "x".repeat(40_000_000) + "\"}"),
            "is not valid JSON at unknown position: String value length"),
        Arguments.of("root is an array", ascii("[{\"application_id\": \"app-a\"}]"),
            "must hold a JSON object at line 1, got ARRAY"),
        Arguments.of("instances of the wrong type", ascii("{\"instances\": {\"0\": 1}}"),
            "$.instances must be an array, got OBJECT"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableSnapshots")
  void unusableSnapshotKeepsTheReadersReportsOneErrorAndTheNextGoodWriteApplies(String variant,
      byte[] content, String error) throws IOException {
    FakeWarden.Instance a = fx.warden.start("app-a", 0);
    a.stdout().awaitReader(WAIT);
    double errorsBefore = fx.counter("kloggregator.agent.instances.file.errors");

    replaceFile(content);

    await().atMost(WAIT).until(() -> fx.get("/health").body().contains(error));
    assertThat(fx.counter("kloggregator.agent.instances.file.errors") - errorsBefore)
        .as(variant).isEqualTo(1.0);
    a.stdout().println("still read after " + variant);
    await().atMost(WAIT).until(() -> fx.receiver.lines("app-a", MessageType.OUT, "0").size() == 1);
    assertThat(fx.gauge("kloggregator.agent.readers.open")).isEqualTo(2.0);

    FakeWarden.Instance b = fx.warden.start("app-b", 0);

    b.stderr().awaitReader(WAIT).println("b after recovery");
    await().atMost(WAIT).until(() -> fx.receiver.lines("app-b", MessageType.ERR, "0").size() == 1);
    assertThat(fx.get("/health").body()).doesNotContain(error);
    assertThat(fx.counter("kloggregator.agent.reconnects")).isZero();
  }

  @Test
  void duplicateEntriesUnusableEntriesAndPathsToNonSocketsLeaveTheGoodInstanceAlone()
      throws IOException {
    FakeWarden.Instance a = fx.warden.start("app-a", 0);
    a.stdout().awaitReader(WAIT);
    Path regularFile = Files.writeString(fx.dir.resolve("not-a-container"), "plain file");
    Path noSockets = Files.createDirectories(fx.dir.resolve("c900/jobs/900/stdout.sock"));
    String good = entry("app-a", a.jobId(), a.containerPath().toString());

    replaceFile(ascii("{\"instances\": [" + good + ", " + good + ", "
        + entry("app-file", 901, regularFile.toString()) + ", "
        + entry("app-dir", 900, noSockets.getParent().getParent().getParent().toString()) + ", "
        + entry("app-null", 902, "/dev/null") + ", "
        + "{\"application_id\": [], \"state\": \"RUNNING\", \"warden_job_id\": \"x\"}, 17]}"));

    await().atMost(WAIT).until(() -> fx.gauge("kloggregator.agent.instances") == 4.0
        && fx.gauge("kloggregator.agent.readers.waiting") == 6.0);
    a.stdout().println("a is unaffected");
    await().atMost(WAIT).until(() -> fx.receiver.lines("app-a", MessageType.OUT, "0").size() == 1);
    assertThat(fx.gauge("kloggregator.agent.readers.open")).isEqualTo(2.0);
    assertThat(fx.counter("kloggregator.agent.instances.file.errors")).isZero();

    fx.warden.writeSnapshot();

    await().atMost(WAIT).until(() -> fx.gauge("kloggregator.agent.instances") == 1.0
        && fx.gauge("kloggregator.agent.readers.waiting") == 0.0);
    assertThat(fx.gauge("kloggregator.agent.readers.open")).isEqualTo(2.0);
  }

  private static String entry(String app, int jobId, String container) {
    return "{\"application_id\": \"" + app + "\", \"state\": \"RUNNING\", \"warden_job_id\": "
        + jobId + ", \"instance_index\": 0, \"warden_container_path\": \"" + container + "\"}";
  }

  /** Replaces instances.json in one rename, as the DEA does, so the agent sees one change. */
  private void replaceFile(byte[] content) throws IOException {
    Path temp = Files.write(fx.dir.resolve("next-instances.json"), content);
    Files.move(temp, fx.warden.instancesFile(), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
