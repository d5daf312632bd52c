package io.kloggregator.local;

import io.kloggregator.testkit.LocalStack;
import java.io.PrintStream;
import java.time.Duration;

/** What the run command prints once everything is up: endpoints, a dev token, commands. */
final class Instructions {

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
    out.printf("  demo app        %s (one instance writing a line every 500 ms)%n%n", app);
    out.printf("dev token (reads %s, 24 h):%n  export TOKEN=%s%n%n", app, token);
    out.printf("recent lines:%n  curl -H \"Authorization: Bearer $TOKEN\" "
        + "'http://%s/recent?app=%s&n=20'%n", gw, app);
    out.printf("live tail (WebSocket):%n  node --experimental-websocket scripts/ws-tail.mjs "
        + "'ws://%s/tail/?app=%s&format=json' \"$TOKEN\"%n", gw, app);
    out.printf("Ctrl-C stops everything and removes %s%n%n", stack.dir());
  }
}
