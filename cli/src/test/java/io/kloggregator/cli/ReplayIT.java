package io.kloggregator.cli;

import static io.kloggregator.schemas.proto.LogMessage.MessageType.ERR;
import static io.kloggregator.schemas.proto.LogMessage.MessageType.OUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.json.JsonFrameParser;
import io.kloggregator.schemas.json.LineFrame;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.kloggregator.testkit.SharedStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code logs replay} on the testkit's real broker: an app's lines of a time range, an offset
 * range, to a file and to a syslog drain, with another app's lines in the same partition and a
 * line Kafka stored out of time order.
 */
@ExtendWith(SharedStack.class)
class ReplayIT {

  private static final String APP = "replay-app";
  /** Ten lines one second apart, an hour ago (well inside the topic's retention). */
  private static final Instant BASE = Instant.now().minus(1, ChronoUnit.HOURS)
      .truncatedTo(ChronoUnit.SECONDS);

  private static LocalStack stack;
  private static String neighbour;
  /** The offset of each "line i" of the app. */
  private static final long[] OFFSETS = new long[10];

  @BeforeAll
  static void writeLines(LocalStack shared) throws Exception {
    stack = shared;
    neighbour = appInSamePartition(APP);
    try (LogProducer producer = new LogProducer(stack.bootstrapServers())) {
      for (int i = 0; i < 10; i++) {
        OFFSETS[i] = producer.write(APP, Integer.toString(i % 2), i % 3 == 0 ? ERR : OUT,
            "line " + i, BASE.plusSeconds(i)).offset();
        producer.write(neighbour, "0", OUT, "neighbour " + i, BASE.plusSeconds(i));
      }
      producer.write(APP, "0", OUT, "late line 6.5", BASE.plusMillis(6_500));
      producer.write(APP, "0", OUT, "late line 9.5", BASE.plusMillis(9_500));
    }
  }

  @Test
  void timeRangeReplaysExactlyTheAppsLinesStampedInItIncludingLateOnes() {
    TestTerminal t = new TestTerminal(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP",
        stack.bootstrapServers()));

    int code = t.run("replay", APP, "--from", BASE.plusSeconds(3).toString(),
        "--to", BASE.plusSeconds(7).toString(), "--format", "json");

    assertThat(code).as(t.err()).isZero();
    assertThat(texts(t.out())).containsExactly("line 3", "line 4", "line 5", "line 6",
        "late line 6.5");
    assertThat(t.err()).contains("Replayed 5 lines of app replay-app from " + Topics.LOGS);
  }

  @Test
  void cfFormatShowsTheLinesAsTheLogsCommandWould() {
    TestTerminal t = new TestTerminal(Map.of());

    int code = t.run("replay", APP, "--bootstrap-server", stack.bootstrapServers(),
        "--from", BASE.plusSeconds(3).toString(), "--to", BASE.plusSeconds(4).toString());

    assertThat(code).as(t.err()).isZero();
    assertThat(t.out()).isEqualTo(BASE.plusSeconds(3).toString().replace("Z", ".00+0000")
        + " [App/1]   ERR line 3\n");
  }

  @Test
  void offsetRangeGoesToAFile() throws Exception {
    Path file = Files.createTempDirectory("replay").resolve("out.ndjson");
    TestTerminal t = new TestTerminal(Map.of());

    int code = t.run("replay", APP, "--bootstrap-server", stack.bootstrapServers(),
        "--from-offset", Long.toString(OFFSETS[1]), "--to-offset", Long.toString(OFFSETS[3]),
        "--format", "json", "-o", file.toString());

    assertThat(code).as(t.err()).isZero();
    assertThat(t.out()).isEmpty();
    // The neighbour's lines sit between the app's and are left out.
    assertThat(texts(Files.readString(file))).containsExactly("line 1", "line 2");
  }

  @Test
  void syslogDrainReceivesOctetCountedRfc5424Lines() throws Exception {
    try (ServerSocket drain = new ServerSocket(0)) {
      CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(drain));
      TestTerminal t = new TestTerminal(Map.of());

      int code = t.run("replay", APP, "--bootstrap-server", stack.bootstrapServers(),
          "--from", BASE.plusSeconds(8).toString(),
          "--drain", "syslog://127.0.0.1:" + drain.getLocalPort());

      assertThat(code).as(t.err()).isZero();
      String line8 = "<14>1 " + BASE.plusSeconds(8).toString().replace("Z", ".000000+00:00")
          + " loggregator replay-app [App/0] - - line 8\n";
      String line9 = "<11>1 " + BASE.plusSeconds(9).toString().replace("Z", ".000000+00:00")
          + " loggregator replay-app [App/1] - - line 9\n";
      String late = "<14>1 " + BASE.plusMillis(9_500).toString().replace("Z", "000+00:00")
          + " loggregator replay-app [App/0] - - late line 9.5\n";
      assertThat(new String(received.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8))
          .isEqualTo(line8.length() + " " + line8 + line9.length() + " " + line9
              + late.length() + " " + late);
    }
  }

  @Test
  void replayLeavesNoConsumerGroupBehind() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        stack.bootstrapServers()))) {
      Set<String> before = groups(admin);
      TestTerminal t = new TestTerminal(Map.of());

      assertThat(t.run("replay", APP, "--bootstrap-server", stack.bootstrapServers())).isZero();

      assertThat(groups(admin)).isEqualTo(before);
      assertThat(t.out().lines().count()).as("every line of the app, none of its neighbour")
          .isEqualTo(12);
    }
  }

  private static Set<String> groups(Admin admin) throws Exception {
    return admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
        .map(group -> group.groupId()).collect(Collectors.toSet());
  }

  private static byte[] readAll(ServerSocket server) {
    try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The texts of the JSON line frames in {@code out}. */
  private static List<String> texts(String out) {
    JsonFrameParser parser = new JsonFrameParser();
    List<String> texts = new ArrayList<>();
    out.lines().map(parser::parse).filter(LineFrame.class::isInstance)
        .forEach(frame -> texts.add(((LineFrame) frame).text()));
    return texts;
  }

  /** Another app id whose lines the producer puts in the same partition as {@code app}'s. */
  private static String appInSamePartition(String app) {
    int partitions = LocalStack.Options.forTests().logPartitions();
    int target = partitionOf(app, partitions);
    for (int i = 0; ; i++) {
      String candidate = "neighbour-" + i;
      if (partitionOf(candidate, partitions) == target) {
        return candidate;
      }
    }
  }

  private static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
