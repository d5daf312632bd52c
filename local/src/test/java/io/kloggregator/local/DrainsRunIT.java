package io.kloggregator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.testkit.FakeWarden;
import io.kloggregator.testkit.LocalStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The run command's drain path: a syslog receiver on loopback, bound with one
 * {@code logs drains add} (the real CLI in its own JVM, writing the real etcd), gets the app's
 * lines from the local pipeline's router and drain forwarder.
 */
class DrainsRunIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private static LocalStack stack;
  private static LocalPipeline pipeline;

  @BeforeAll
  static void startPipeline() {
    stack = LocalStack.start(LocalStack.Options.forTests());
    pipeline = LocalPipeline.start(stack, LocalPipeline.Options.forTests());
  }

  @AfterAll
  static void stopPipeline() {
    try (LocalStack s = stack) {
      if (pipeline != null) {
        pipeline.close();
      }
    }
  }

  @Test
  void aLoopbackDrainBoundWithTheCliGetsTheAppsLines() throws Exception {
    String app = "drain-run-app";
    FakeWarden.Instance instance = pipeline.warden().start(app, 0);
    instance.stdout().awaitReader(PATIENCE);
    List<String> received = new CopyOnWriteArrayList<>();
    try (ServerSocket receiver = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread accept = new Thread(() -> readLines(receiver, received), "drain-receiver");
      accept.setDaemon(true);
      accept.start();
      String url = "syslog://127.0.0.1:" + receiver.getLocalPort() + "?framing=lf";

      CliProcess.Result cli = CliProcess.run(
          Map.of("KLOGGREGATOR_ETCD_ENDPOINTS", stack.etcdEndpoint()),
          List.of("drains", "add", app, url));
      assertThat(cli.exit()).as(cli.err()).isZero();
      int[] n = {0};
      await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
        instance.stdout().println("to the drain " + n[0]++);
        return received.stream().anyMatch(l -> l.contains("to the drain "));
      });
    }

    String line = received.stream().filter(l -> l.contains("to the drain ")).findFirst()
        .orElseThrow();
    assertThat(line)
        .matches("<14>1 \\S+ loggregator " + app + " \\[App/0\\] - - to the drain \\d+");
  }

  private static void readLines(ServerSocket receiver, List<String> into) {
    while (!receiver.isClosed()) {
      try (Socket s = receiver.accept();
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
              StandardCharsets.UTF_8))) {
        for (String l; (l = in.readLine()) != null; ) {
          into.add(l);
        }
      } catch (IOException e) {
        if (!receiver.isClosed()) {
          into.add("receiver failed: " + e);
        }
      }
    }
  }
}
