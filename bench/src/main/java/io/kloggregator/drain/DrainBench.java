package io.kloggregator.drain;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.DrainRecord;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.TempDirs;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Benchmark (bench/drains/run.sh): lines/s from the drain topic to a real rsyslogd over plain TCP
 * and TLS on one connection, and with 1,000 drains bound (1,000 distinct URLs — distinct query
 * strings — on one rsyslogd). Lines are produced to the topic first; the rate is measured
 * between the first and the last line the forwarder counts as sent, and rsyslog's output file
 * must then hold every line. Default forwarder settings (settle 1 s), loopback allowed.
 * Arguments: [linesPerSingleDrainRun] [linesPerDrainWith1000Drains].
 */
public final class DrainBench {

  private DrainBench() {
  }

  public static void main(String[] args) throws Exception {
    int single = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int perDrain = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    List<String> scenarios = List.of((args.length > 2 ? args[2] : "plain,tls,many").split(","));
    Path dir = TempDirs.create("drain-bench-");
    List<String> rows = new ArrayList<>();
    try (LocalStack stack = LocalStack.start(LocalStack.Options.forTests())) {
      TestCerts certs = TestCerts.create(dir.resolve("pki"));
      if (scenarios.contains("plain")) {
        try (RsyslogReceiver plain = RsyslogReceiver.plain(dir.resolve("plain"))) {
          String url = "syslog://127.0.0.1:" + plain.port();
          rows.add(run(stack, certs, "plain TCP, 1 drain", List.of(url), single, plain, 0));
        }
      }
      if (scenarios.contains("tls")) {
        try (RsyslogReceiver tls = RsyslogReceiver.tls(dir.resolve("tls"),
            certs.server("server", false))) {
          String url = "syslog-tls://localhost:" + tls.port() + "?ca=ca.pem";
          rows.add(run(stack, certs, "TLS, 1 drain", List.of(url), single, tls, 100_000));
        }
      }
      if (scenarios.contains("tls-null")) {
        rows.add(runDiscarding(stack, certs, single));
      }
      if (!scenarios.contains("many")) {
        return;
      }
      try (RsyslogReceiver many = RsyslogReceiver.plain(dir.resolve("many"))) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          urls.add("syslog://127.0.0.1:" + many.port() + "?drain=" + i);
        }
        rows.add(run(stack, certs, "plain TCP, 1,000 drains", urls, perDrain * 1000, many, 0));
      }
    } finally {
      TempDirs.deleteRecursively(dir);
      print(rows);
    }
  }

  private static void print(List<String> rows) {
    System.out.println();
    System.out.println("| scenario | lines | lines/s | target | rsyslog got | failed | resent |");
    System.out.println("|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  private static String run(LocalStack stack, TestCerts certs, String name, List<String> urls,
      int lines, RsyslogReceiver rsyslog, int target) throws Exception {
    String group = "bench-" + UUID.randomUUID();
    try (DrainFixtures fixtures = new DrainFixtures(stack.bootstrapServers())) {
      fixtures.startGroupAtEnd(group);
    }
    long p0 = System.nanoTime();
    produce(stack.bootstrapServers(), urls, lines);
    System.out.printf(Locale.ROOT, "%s: produced %,d lines in %.1f s%n", name, lines,
        (System.nanoTime() - p0) / 1e9);
    ForwarderConfig config = ForwarderConfig.of(stack.bootstrapServers()).withGroupId(group)
        .withPolicy(ForwarderConfig.Policy.publicOnly().withAllowPrivate(true)
            .withTlsFilesDir(certs.dir()));
    try (TestForwarders.Running f = new TestForwarders.Running(config)) {
      long[] firstAndLast = {0, 0};
      await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
          .atMost(Duration.ofMinutes(10))
          .alias(name + ": every line counted as sent")
          .until(() -> {
            double sent = sum(f, "kloggregator.drain.sent");
            long now = System.nanoTime();
            if (firstAndLast[0] == 0 && sent > 0) {
              firstAndLast[0] = now;
            }
            firstAndLast[1] = now;
            return sent >= lines;
          });
      double seconds = (firstAndLast[1] - firstAndLast[0]) / 1e9;
      long got = 0;
      if (rsyslog != null) {
        try {
          await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(60))
              .until(() -> rsyslog.received().size() >= lines);
        } catch (ConditionTimeoutException notAll) {
          // reported below: the row shows how many lines rsyslog holds
        }
        got = rsyslog.received().size();
      }
      double rate = lines / seconds;
      System.out.printf(Locale.ROOT, "%s: %,d lines in %.2f s = %,.0f lines/s; rsyslog got %,d%n",
          name, lines, seconds, rate, got);
      return String.format(Locale.ROOT, "| %s | %,d | %,.0f | %s | %s | %.0f | %.0f |", name,
          lines, rate, target > 0 ? String.format(Locale.ROOT, ">= %,d lines/s", target)
              : urls.size() > 1 ? "1,000 drains without errors" : "-",
          rsyslog == null ? "n/a (discarded)" : String.format(Locale.ROOT, "%,d", got),
          sum(f, "kloggregator.drain.failed"), sum(f, "kloggregator.drain.resent"));
    }
  }

  /** TLS to socat writing to /dev/null: the forwarder's own ceiling, rsyslog out of the way. */
  private static String runDiscarding(LocalStack stack, TestCerts certs, int lines)
      throws Exception {
    int port = io.kloggregator.testkit.FreePorts.pick();
    Process socat = new ProcessBuilder("socat", "-u", "OPENSSL-LISTEN:" + port
        + ",bind=127.0.0.1,reuseaddr,fork,verify=0,cert=" + certs.path("server.pem") + ",key="
        + certs.path("server.key"), "OPEN:/dev/null,wronly")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(5))
          .ignoreExceptions().alias("socat listening on " + port)
          .until(() -> {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
              return true;
            }
          });
      String url = "syslog-tls://localhost:" + port + "?ca=ca.pem";
      String row = run(stack, certs, "TLS, 1 drain, socat to /dev/null", List.of(url), lines,
          null, 100_000);
      return row;
    } finally {
      socat.descendants().forEach(ProcessHandle::destroy);
      socat.destroy();
    }
  }

  static double sum(TestForwarders.Running f, String name) {
    return f.registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Produces {@code lines} ≈ 150-byte lines spread round-robin over {@code urls}. */
  static void produce(String bootstrap, List<String> urls, int lines) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
        ProducerConfig.ACKS_CONFIG, "1"), new StringSerializer(), new ByteArraySerializer())) {
      String app = "6f0b0c5a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
      String[] keys = urls.stream().map(u -> DrainFixtures.bindingId(app, u))
          .toArray(String[]::new);
      for (int i = 0; i < lines; i++) {
        int d = i % urls.size();
        LogMessage m = LogMessage.newBuilder()
            .setMessage(ByteString.copyFromUtf8(String.format(Locale.ROOT,
                "bench line %09d GET /v2/apps 200 0.003s user-agent=curl/8.5", i)))
            .setMessageType(LogMessage.MessageType.OUT)
            .setTimestamp(DrainFixtures.BASE_TS + i * 1000L).setAppId(app)
            .setSourceName("App").setSourceId("0").build();
        DrainRecord r = DrainRecord.newBuilder().setAppId(app).setBindingId(keys[d])
            .setDrainUrl(urls.get(d)).setLogMessage(m).build();
        producer.send(new ProducerRecord<>(Topics.DRAINS, keys[d], r.toByteArray()));
      }
      producer.flush();
    }
  }
}
