package io.kloggregator.agent;

import static io.kloggregator.agent.AgentFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.MessageLimits;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.LogMessage.MessageType;
import io.kloggregator.testkit.FakeWarden;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentStreamIT {

  private final AgentFixture fx = new AgentFixture();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private FakeWarden.Instance started(String appId, int index) {
    FakeWarden.Instance instance = fx.warden.start(appId, index);
    instance.stdout().awaitReader(WAIT);
    instance.stderr().awaitReader(WAIT);
    return instance;
  }

  @Test
  void socketClosedAndReopenedIsRedialledWithoutLosingThePartialLine() {
    FakeWarden.Instance a = started("app-a", 0);
    a.stdout().println("before");
    a.stdout().write("tail without newline".getBytes(StandardCharsets.UTF_8));
    await().atMost(WAIT).until(() -> fx.receiver.lines("app-a", MessageType.OUT, "0").size() == 1);

    a.stdout().disconnectReaders();

    await().atMost(WAIT).until(() -> fx.counter("kloggregator.agent.reconnects") >= 1.0);
    a.stdout().awaitReader(WAIT).println("after");
    await().atMost(WAIT).until(() -> fx.receiver.lines("app-a", MessageType.OUT, "0").size() == 3);
    assertThat(fx.receiver.lines("app-a", MessageType.OUT, "0"))
        .containsExactly("before", "tail without newline", "after");
  }

  @Test
  void instanceVanishingMidLineStillDeliversWhatItWrote() {
    FakeWarden.Instance a = started("app-a", 4);
    a.stderr().println("complete");
    a.stderr().write("cut off mid-li".getBytes(StandardCharsets.UTF_8));

    fx.warden.stop(a);

    await().atMost(WAIT).until(() -> fx.receiver.lines("app-a", MessageType.ERR, "4").size() == 2);
    assertThat(fx.receiver.lines("app-a", MessageType.ERR, "4"))
        .containsExactly("complete", "cut off mid-li");
    await().atMost(WAIT).until(() -> fx.gauge("kloggregator.agent.readers.open") == 0.0);
  }

  @Test
  void lineOfOneMebibyteIsCutMarkedAndCountedAndTheNextLineIsIntact() {
    FakeWarden.Instance a = started("app-a", 0);
    byte[] big = new byte[1024 * 1024];
    Arrays.fill(big, (byte) 'm');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(big);
    out.writeBytes("\nnext line\n".getBytes(StandardCharsets.UTF_8));

    a.stdout().write(out.toByteArray());

    await().atMost(WAIT).until(() -> fx.receiver.lines("app-a", MessageType.OUT, "0").size() == 2);
    List<String> lines = fx.receiver.lines("app-a", MessageType.OUT, "0");
    assertThat(lines.get(0)).hasSize(MessageLimits.MAX_MESSAGE_BYTES)
        .startsWith("mmmm").endsWith("mTRUNCATED");
    assertThat(lines.get(1)).isEqualTo("next line");
    assertThat(fx.counter("kloggregator.agent.lines.cut", "reason", "line_length")).isEqualTo(1.0);
    assertThat(fx.counter("kloggregator.agent.lines.cut", "reason", "datagram")).isEqualTo(1.0);
    assertThat(fx.counter("kloggregator.agent.lines.read")).isEqualTo(2.0);
  }

  @Test
  void lineLongerThanADatagramIsCutAtAUtf8BoundaryAndCounted() {
    FakeWarden.Instance a = started("app-a", 0);
    String line = "\u00e9".repeat(6000);

    a.stdout().println(line);

    await().atMost(WAIT).until(() -> fx.receiver.lines("app-a", MessageType.OUT, "0").size() == 1);
    String got = fx.receiver.lines("app-a", MessageType.OUT, "0").get(0);
    assertThat(got).endsWith("\u00e9TRUNCATED");
    assertThat(got.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(MessageLimits.MAX_MESSAGE_BYTES);
    assertThat(got.substring(0, got.length() - 9)).matches("\u00e9+");
    assertThat(fx.counter("kloggregator.agent.lines.cut", "reason", "datagram")).isEqualTo(1.0);
    assertThat(fx.counter("kloggregator.agent.lines.cut", "reason", "line_length")).isZero();
  }

  @Test
  void invalidUtf8BytesArriveUnchanged() {
    FakeWarden.Instance a = started("app-a", 0);
    byte[] line = {'o', 'k', ' ', (byte) 0xff, (byte) 0xfe, (byte) 0xc3, '(', '\r', '\n'};

    a.stderr().write(line);

    await().atMost(WAIT).until(() -> fx.receiver.messages().size() == 1);
    LogMessage got = fx.receiver.messages().get(0);
    assertThat(got.getMessage().toByteArray())
        .containsExactly('o', 'k', ' ', 0xff, 0xfe, 0xc3, '(');
    assertThat(got.getMessageType()).isEqualTo(MessageType.ERR);
  }

  @Test
  void stagingTaskLinesAreSentWithSourceStgAndIdZero() throws java.io.IOException {
    FakeWarden.Instance task = fx.warden.start("staging-app", 5);
    await().atMost(WAIT).until(() -> fx.gauge("kloggregator.agent.readers.open") == 2.0);
    java.nio.file.Files.writeString(fx.warden.instancesFile(), ("{'instances':[],"
        + "'staging_tasks':[{'staging_message':{'app_id':'staging-app'},'warden_job_id':"
        + task.jobId() + ",'warden_container_path':'" + task.containerPath() + "'}]}")
        .replace('\'', '"'));
    // The App readers are closed and the STG readers connected (the warden side still counts
    // the closed App connection until it writes).
    await().atMost(WAIT).until(() -> fx.gauge("kloggregator.agent.readers.open") == 2.0
        && task.stdout().connectedReaders() == 2);

    task.stdout().println("-----> Downloaded app package");

    await().atMost(WAIT).until(() -> fx.receiver.lines("staging-app", MessageType.OUT, "0")
        .size() == 1);
    LogMessage got = fx.receiver.messages().get(0);
    assertThat(got.getSourceName()).isEqualTo("STG");
    assertThat(got.getMessage().toStringUtf8()).isEqualTo("-----> Downloaded app package");
  }

  @Test
  void linesOfSeveralInstancesKeepTheirOrderPerStream() {
    FakeWarden.Instance a = started("app-a", 0);
    FakeWarden.Instance b = started("app-a", 1);
    FakeWarden.Instance c = started("app-c", 0);

    for (int i = 0; i < 300; i++) {
      a.stdout().println("a" + i);
      b.stdout().println("b" + i);
      c.stderr().println("c" + i);
    }

    await().atMost(WAIT).until(() -> fx.receiver.messages().size() == 900);
    assertThat(fx.receiver.lines("app-a", MessageType.OUT, "0"))
        .containsExactlyElementsOf(AgentIT.numbered("a", 300));
    assertThat(fx.receiver.lines("app-a", MessageType.OUT, "1"))
        .containsExactlyElementsOf(AgentIT.numbered("b", 300));
    assertThat(fx.receiver.lines("app-c", MessageType.ERR, "0"))
        .containsExactlyElementsOf(AgentIT.numbered("c", 300));
    assertThat(fx.counter("kloggregator.agent.lines.emitted")).isEqualTo(900.0);
  }
}
