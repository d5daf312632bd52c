package io.kloggregator.drain;

import static io.kloggregator.drain.ReceiverOutageScenario.waitFor;

import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Duplicates a healthy drain sees across a forwarder restart with a dead neighbour in its
 * partition (issue 15): a healthy rsyslogd drain {@code h} and a drain {@code d} whose port
 * nobody listens on, both in partition 0 of the drain topic, under a steady load; the forwarder
 * (its own JVM, default settings but loopback allowed) is stopped, by SIGKILL or by SIGTERM, and
 * started again at once. Counts what {@code h} got twice, what the new forwarder counted as
 * resent, and the stated bound: the lines {@code h} was sent in the last
 * {@code max(FALL_BEHIND, SETTLE) + 2 × COMMIT_INTERVAL} (12 s by default) before the stop.
 * Prints a Markdown row per stop kind and writes them to the file named by the first argument.
 * Arguments: OUT [secondsBeforeStop=30] [secondsAfter=15] [perTick=25 (500 lines/s per drain)].
 */
public final class DrainRestartBench {

  /** max(10 s fall-behind, 1 s settle) + 2 × 1 s commit interval: the defaults. */
  static final Duration WINDOW = Duration.ofSeconds(12);

  /** One run: how {@code h} fared across the restart. */
  record Result(String stop, int linesPerSecond, int accepted, DeliveryTally healthy,
      double resent, int inWindow) {

    String row() {
      return String.format(Locale.ROOT, "| %s | %,d lines/s per drain | %,d | %,d | %,d "
          + "| %,.0f | %,d (lines of h in the last %d s before the stop) | %s |", stop,
          linesPerSecond, accepted, healthy.missing(), healthy.duplicates(), resent, inWindow,
          WINDOW.toSeconds(), healthy.duplicates() <= inWindow
              && healthy.duplicates() == (int) resent && healthy.missing() == 0
              ? "**met**" : "not met");
    }
  }

  private DrainRestartBench() {
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Duration before = Duration.ofSeconds(arg(args, 1, 30));
    Duration after = Duration.ofSeconds(arg(args, 2, 15));
    int perTick = arg(args, 3, 25);
    Path dir = TempDirs.create("drain-restart-bench-");
    List<String> rows = new ArrayList<>();
    try (LocalStack stack = LocalStack.start(LocalStack.Options.forTests());
        DrainFixtures fixtures = new DrainFixtures(stack.bootstrapServers())) {
      for (String stop : List.of("SIGKILL", "SIGTERM")) {
        Result r = run(stack, fixtures, dir.resolve(stop), stop, before, after, perTick);
        System.out.println(r);
        rows.add(r.row());
      }
    } finally {
      TempDirs.deleteRecursively(dir);
    }
    List<String> md = new ArrayList<>();
    md.add("| stop | load | lines to h | lost | h got twice | counted as resent "
        + "| stated bound | verdict |");
    md.add("|---|---|---|---|---|---|---|---|");
    md.addAll(rows);
    Files.write(out, md);
    md.forEach(System.out::println);
  }

  private static Result run(LocalStack stack, DrainFixtures fixtures, Path dir, String stop,
      Duration before, Duration after, int perTick) throws Exception {
    String group = "restart-bench-" + UUID.randomUUID();
    fixtures.startGroupAtEnd(group);
    int opsPort = FreePorts.pick();
    Map<String, String> env = Map.of(
        "KLOGGREGATOR_KAFKA_BOOTSTRAP", stack.bootstrapServers(),
        "KLOGGREGATOR_DRAIN_GROUP_ID", group,
        "KLOGGREGATOR_DRAIN_OPS_HOST", "127.0.0.1",
        "KLOGGREGATOR_DRAIN_OPS_PORT", String.valueOf(opsPort),
        "KLOGGREGATOR_DRAIN_ALLOW_PRIVATE", "true");
    Files.createDirectories(dir);
    Path log = dir.getParent().resolve("forwarder-" + stop + ".log");
    try (RsyslogReceiver healthy = RsyslogReceiver.plain(dir.resolve("h"))) {
      String healthyUrl = "syslog://127.0.0.1:" + healthy.port();
      String deadUrl = "syslog://127.0.0.1:" + FreePorts.pick();
      Map<String, String> urls = Map.of("h", healthyUrl, "d", deadUrl);
      NumberedLoad.Sender sender = (app, prefix, from, n) -> {
        for (int i = from; i < from + n; i++) {
          fixtures.sendTo(0, urls.get(app), DrainFixtures.line(app,
              String.format(Locale.ROOT, "%s-%06d", prefix, i), LogMessage.MessageType.OUT,
              System.currentTimeMillis() * 1_000_000L));
        }
      };
      try (NumberedLoad load = new NumberedLoad(sender, Map.of("h", "h", "d", "d"), perTick)) {
        long stoppedAt;
        int sentAtStop;
        try (ForwarderProcess first = ForwarderProcess.start(env, log)) {
          waitFor(() -> isConsuming(opsPort));
          load.start();
          Thread.sleep(before.toMillis());
          stoppedAt = System.nanoTime();
          sentAtStop = load.sent();
          if (stop.equals("SIGKILL")) {
            first.kill();
          } else {
            first.stop();
          }
        }
        try (ForwarderProcess second = ForwarderProcess.start(env, log)) {
          waitFor(() -> isConsuming(opsPort));
          Thread.sleep(after.toMillis());
          int accepted = load.stop();
          fixtures.flush();
          waitFor(() -> DeliveryTally.of("h", accepted, healthy.messages()).complete());
          String id = DrainMetrics.shortId(healthyUrl);
          waitFor(() -> scrape(opsPort, "kloggregator_drain_backlog", id) == 0);
          int inWindow = 0;
          for (int k = 0; k < sentAtStop; k++) {
            if (stoppedAt - load.sentAt(k) <= WINDOW.toNanos()) {
              inWindow++;
            }
          }
          return new Result(stop, load.linesPerSecond() / 2, accepted,
              DeliveryTally.of("h", accepted, healthy.messages()),
              scrape(opsPort, "kloggregator_drain_resent_total", id), inWindow);
        }
      }
    }
  }

  private static boolean isConsuming(int port) {
    String body = get(port, "/health");
    return body != null && body.contains("\"status\":\"UP\"")
        && !body.contains("\"partitions\":\"0\"");
  }

  /** A drain's meter from {@code /metrics}; -1 when absent. */
  private static double scrape(int port, String meter, String drain) {
    String body = get(port, "/metrics");
    String prefix = meter + "{drain=\"" + drain + "\"} ";
    return body == null ? -1 : body.lines().filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst()
        .orElse(-1);
  }

  private static String get(int port, String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }
}
