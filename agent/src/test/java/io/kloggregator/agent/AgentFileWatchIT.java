package io.kloggregator.agent;

import static io.kloggregator.agent.AgentFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.proto.LogMessage.MessageType;
import io.kloggregator.testkit.FakeWarden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentFileWatchIT {

  private final AgentFixture fx = new AgentFixture();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private Path file() {
    return fx.warden.instancesFile();
  }

  @Test
  void instancesFileCreatedAfterStartIsRead() {
    assertThat(Files.exists(file())).isFalse();

    FakeWarden.Instance a = fx.warden.start("app-a", 0);

    a.stdout().awaitReader(WAIT).println("hello");
    await().atMost(WAIT).until(() -> fx.receiver.lines("app-a", MessageType.OUT, "0").size() == 1);
  }

  @Test
  void unchangedInstancesKeepTheirConnectionsWhenOthersComeAndGo() {
    FakeWarden.Instance a = fx.warden.start("app-a", 0);
    a.stdout().awaitReader(WAIT);
    a.stdout().write("first half ".getBytes(StandardCharsets.UTF_8));

    FakeWarden.Instance b = fx.warden.start("app-b", 1);
    b.stdout().awaitReader(WAIT);
    fx.warden.stop(b);
    await().atMost(WAIT).until(() -> fx.gauge("kloggregator.agent.instances") == 1.0);
    a.stdout().println("second half");

    await().atMost(WAIT).until(() -> fx.receiver.lines("app-a", MessageType.OUT, "0").size() == 1);
    // One line, both halves: a reconnect of app-a's socket would have flushed "first half" on
    // its own. (The reconnects counter is not asserted: app-b's reader may see its socket close
    // before the agent has read the snapshot without it, and counts that reconnect, rightly.)
    assertThat(fx.receiver.lines("app-a", MessageType.OUT, "0"))
        .containsExactly("first half second half");
  }

  @Test
  void inPlaceWriteIsSeenAndOnlyTheDifferenceIsApplied() throws IOException {
    FakeWarden.Instance a = fx.warden.start("app-a", 0);
    a.stdout().awaitReader(WAIT);
    byte[] onlyA = Files.readAllBytes(file());
    FakeWarden.Instance b = fx.warden.start("app-b", 0);
    b.stderr().awaitReader(WAIT);
    byte[] both = Files.readAllBytes(file());

    Files.write(file(), onlyA);

    await().atMost(WAIT).until(() -> fx.gauge("kloggregator.agent.instances") == 1.0
        && fx.gauge("kloggregator.agent.readers.open") == 2.0);

    Files.write(file(), both);

    await().atMost(WAIT).until(() -> fx.gauge("kloggregator.agent.readers.open") == 4.0);
    b.stderr().println("b is back");
    a.stdout().println("a never left");
    await().atMost(WAIT).until(() -> fx.receiver.messages().size() == 2);
    assertThat(fx.receiver.lines("app-b", MessageType.ERR, "0")).containsExactly("b is back");
    assertThat(fx.receiver.lines("app-a", MessageType.OUT, "0")).containsExactly("a never left");
    assertThat(fx.counter("kloggregator.agent.reconnects")).isZero();
  }

  @Test
  void deletedFileStopsAllReadersAndRecreatedFileStartsThemAgain() throws IOException {
    FakeWarden.Instance a = fx.warden.start("app-a", 2);
    a.stdout().awaitReader(WAIT);
    a.stderr().awaitReader(WAIT);
    byte[] content = Files.readAllBytes(file());

    Files.delete(file());

    await().atMost(WAIT).until(() -> fx.gauge("kloggregator.agent.readers.open") == 0.0
        && fx.gauge("kloggregator.agent.instances") == 0.0);

    Files.write(file(), content);

    await().atMost(WAIT).until(() -> fx.gauge("kloggregator.agent.readers.open") == 2.0);
    a.stdout().println("back");
    await().atMost(WAIT).until(() -> fx.receiver.lines("app-a", MessageType.OUT, "2").size() == 1);
  }

  @Test
  void malformedJsonKeepsTheReadersAndReportsPathAndPosition() throws IOException {
    FakeWarden.Instance a = fx.warden.start("app-a", 0);
    a.stdout().awaitReader(WAIT);

    Files.writeString(file(), "{\"instances\": [\n  {\"application_id\": \"app-a\", \"sta");

    await().atMost(WAIT).until(
        () -> fx.counter("kloggregator.agent.instances.file.errors") >= 1.0);
    String health = fx.get("/health").body();
    assertThat(health).contains(file() + " is not valid JSON at line 2 column");
    a.stdout().println("still read");
    await().atMost(WAIT).until(() -> fx.receiver.lines("app-a", MessageType.OUT, "0").size() == 1);
    assertThat(fx.gauge("kloggregator.agent.readers.open")).isEqualTo(2.0);

    fx.warden.writeSnapshot();

    await().atMost(WAIT).until(() -> !fx.get("/health").body().contains("not valid JSON"));
    assertThat(fx.counter("kloggregator.agent.reconnects")).isZero();
  }

  @Test
  void directoryCreatedAfterStartIsWatchedOnceItExists() {
    Path root = fx.dir.resolve("late-dea");
    try (Agent late = new Agent(AgentConfig.of(root.resolve("db").resolve("instances.json"),
        java.util.List.of(fx.receiver.address()), AgentFixture.SECRET))) {
      late.start();

      try (FakeWarden lateWarden = new FakeWarden(root)) {
        FakeWarden.Instance a = lateWarden.start("late-app", 0);

        a.stdout().awaitReader(WAIT).println("found you");
        await().atMost(WAIT)
            .until(() -> fx.receiver.lines("late-app", MessageType.OUT, "0").size() == 1);
      }
    }
  }

  @Test
  void stoppedInstanceIsNoLongerRedialled() {
    FakeWarden.Instance a = fx.warden.start("app-a", 0);
    a.stdout().awaitReader(WAIT);

    fx.warden.stop(a);

    await().atMost(WAIT).until(() -> fx.gauge("kloggregator.agent.readers.open") == 0.0
        && fx.gauge("kloggregator.agent.instances") == 0.0);
  }
}
