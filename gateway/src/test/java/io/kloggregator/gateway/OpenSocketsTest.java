package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.ServerWebSocket;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenSockets#pingAll} with sockets stubbed by {@link Proxy} (this class alone under test):
 * a socket whose close handshake has begun answers {@code isClosed()} true and throws on every
 * write, as Vert.x's does, until its close handler runs.
 */
class OpenSocketsTest {

  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  final List<String> pinged = new CopyOnWriteArrayList<>();
  final OpenSockets sockets = new OpenSockets(new GatewayMetrics(new SimpleMeterRegistry()),
      () -> 0L, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1));

  ServerWebSocket socket(String name, boolean closed) {
    return (ServerWebSocket) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ServerWebSocket.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "isClosed":
              return closed;
            case "writeQueueFull":
            case "writePing":
              if (closed) {
                throw new IllegalStateException("WebSocket is closed");
              }
              if (method.getName().equals("writePing")) {
                pinged.add(name);
              }
              return method.getName().equals("writeQueueFull") ? false : null;
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              return method.getReturnType().isInstance(proxy) ? proxy : null;
          }
        });
  }

  @Test
  void aSocketClosingButNotYetRemovedIsSkippedAndTheOthersArePinged() {
    for (int i = 0; i < 8; i++) {
      sockets.add(socket("closing-" + i, true), NOW.plusSeconds(60), () -> { });
      sockets.add(socket("open-" + i, false), NOW.plusSeconds(60), () -> { });
    }

    sockets.pingAll();

    assertThat(pinged).containsExactlyInAnyOrder("open-0", "open-1", "open-2", "open-3",
        "open-4", "open-5", "open-6", "open-7");
  }
}
