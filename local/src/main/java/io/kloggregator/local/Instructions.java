package io.kloggregator.local;

import io.kloggregator.testkit.LocalStack;
import java.io.PrintStream;
import java.time.Duration;

/** What the run command prints once everything is up: endpoints, a dev token, commands. */
final class Instructions {

  /** Where the printed drain receiver listens. */
  static final int DRAIN_PORT = 5514;

  private Instructions() {
  }

  static void print(PrintStream out, LocalStack stack, LocalPipeline pipeline, String app,
      String token, Duration startup) {
    String gw = "127.0.0.1:" + pipeline.gatewayPort();
    out.printf("%nkloggregator is up in %.1f s%n", startup.toMillis() / 1000.0);
    out.printf("  kafka           %s%n", stack.bootstrapServers());
    out.printf("  etcd            %s%n", stack.etcdEndpoint());
    out.printf("  ingest (UDP)    127.0.0.1:%d%n", pipeline.udpPort());
    out.printf("  streams router  http://127.0.0.1:%d/v1/recent?app=%s%n", pipeline.routerPort(),
        app);
    out.printf("  gateway         http://%s%n", gw);
    out.printf("  drain forwarder http://127.0.0.1:%d/metrics (loopback drains allowed)%n",
        pipeline.drainOpsPort());
    out.printf("  demo app        %s (one instance writing a line every 500 ms)%n%n", app);
    out.printf("dev token (reads %s, 24 h):%n  export TOKEN=%s%n%n", app, token);
    out.printf("recent lines:%n  curl -H \"Authorization: Bearer $TOKEN\" "
        + "'http://%s/recent?app=%s&n=20'%n", gw, app);
    out.printf("live tail (WebSocket):%n  node --experimental-websocket scripts/ws-tail.mjs "
        + "'ws://%s/tail/?app=%s&format=json' \"$TOKEN\"%n", gw, app);
    printDrains(out, stack, app);
    out.printf("Ctrl-C stops everything and removes %s%n%n", stack.dir());
  }

  /** How to bind a drain with the CLI and watch its lines arrive at a receiver on this host. */
  private static void printDrains(PrintStream out, LocalStack stack, String app) {
    String url = "syslog://127.0.0.1:" + DRAIN_PORT + "?framing=lf";
    out.printf("syslog drain (in a second terminal, a receiver printing each line):%n"
        + "  nc -lk 127.0.0.1 %d%n", DRAIN_PORT);
    out.printf("bind, list, unbind it (the router picks a binding up within seconds):%n"
        + "  export KLOGGREGATOR_ETCD_ENDPOINTS=%s%n"
        + "  scripts/logs drains add %2$s '%3$s'%n"
        + "  scripts/logs drains list %2$s%n"
        + "  scripts/logs drains remove %2$s '%3$s'%n%n", stack.etcdEndpoint(), app, url);
  }
}
