package io.kloggregator.local;

import io.kloggregator.testkit.LocalStack;
import java.io.PrintStream;
import java.time.Duration;

/**
 * What the run command prints once everything is up, as one table: each component's address,
 * health and metrics URLs, the browser URL, the tokens and CLI exports, a replay and a drain
 * example, every value as bound by this run.
 */
final class Instructions {

  /** Where the printed drain receiver listens. */
  static final int DRAIN_PORT = 5514;
  private static final String ROW = "  %-16s %-28s %-36s %s%n";
  private static final String LINE = "  %-8s %s%n";

  private Instructions() {
  }

  static void print(PrintStream out, LocalRun run, Duration startup) {
    LocalStack stack = run.stack();
    LocalPipeline pipeline = run.pipeline();
    String host = "http://" + pipeline.host() + ":";
    out.printf("%nkloggregator is up in %.1f s; every port is bound to %s only.%n%n",
        startup.toMillis() / 1000.0, pipeline.host());
    out.printf(ROW, "component", "listens on", "health", "metrics");
    out.printf(ROW, "kafka", stack.bootstrapServers(), "-", "-");
    component(out, "etcd", stack.etcdEndpoint(), stack.etcdEndpoint());
    component(out, "agent", "(reads the demo app)", host + pipeline.agentOpsPort());
    component(out, "ingest bridge", "udp://" + pipeline.host() + ":" + pipeline.udpPort(),
        host + pipeline.bridgeOpsPort());
    component(out, "streams router", host + pipeline.routerPort(), host + pipeline.routerPort());
    component(out, "gateway", run.gatewayUrl(), run.gatewayUrl());
    component(out, "drain forwarder", "-", host + pipeline.drainOpsPort());
    out.printf(ROW, "demo app", LocalRun.DEMO_APP, "(a line every 500 ms, a WARN every fifth)",
        "");
    out.println();
    printWatching(out, run);
    printReplayAndDrain(out, run);
    out.printf("Ctrl-C stops everything (source to sink, then Kafka and etcd) and removes %s%n%n",
        stack.dir());
  }

  private static void component(PrintStream out, String name, String address, String ops) {
    out.printf(ROW, name, address, ops + "/health", ops + "/metrics");
  }

  /** The browser URL, both tokens and the CLI's environment. */
  private static void printWatching(PrintStream out, LocalRun run) {
    String app = LocalRun.DEMO_APP;
    LocalStack stack = run.stack();
    out.printf(LINE, "browser", run.gatewayUrl() + "/?app=" + app + "#token=" + run.demoToken());
    out.printf(LINE, "CLI", "export KLOGGREGATOR_GATEWAY=" + run.gatewayUrl());
    out.printf(LINE, "", "export KLOGGREGATOR_KAFKA_BOOTSTRAP=" + stack.bootstrapServers());
    out.printf(LINE, "", "export KLOGGREGATOR_ETCD_ENDPOINTS=" + stack.etcdEndpoint());
    out.printf(LINE, "", "export KLOGGREGATOR_TOKEN=" + run.demoToken() + "   # reads " + app
        + " only, 24 h");
    out.printf(LINE, "", "scripts/logs " + app + "                  # live tail");
    out.printf(LINE, "", "scripts/logs " + app + " --recent -n 20   # the last 20 lines");
    out.printf(LINE, "", "curl -H \"Authorization: Bearer $KLOGGREGATOR_TOKEN\" '"
        + run.gatewayUrl() + "/recent?app=" + app + "&n=20'");
    out.printf(LINE, "admin", "export KLOGGREGATOR_TOKEN=" + run.adminToken()
        + "   # admin: every app and the firehose, 24 h");
  }

  private static void printReplayAndDrain(PrintStream out, LocalRun run) {
    String app = LocalRun.DEMO_APP;
    out.printf(LINE, "replay", "scripts/logs replay " + app + " --bootstrap-server "
        + run.stack().bootstrapServers() + " --from " + run.startedAt());
    String url = "'syslog://127.0.0.1:" + DRAIN_PORT + "?framing=lf'";
    out.printf(LINE, "drain", "socat -u TCP-LISTEN:" + DRAIN_PORT
        + ",bind=127.0.0.1,fork,reuseaddr STDOUT   # a receiver, in a second terminal");
    out.printf(LINE, "", "scripts/logs drains add " + app + " " + url
        + "   # its lines arrive within seconds");
    out.printf(LINE, "", "scripts/logs drains list " + app);
    out.printf(LINE, "", "scripts/logs drains remove " + app + " " + url);
    out.println();
  }
}
