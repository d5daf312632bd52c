package io.kloggregator.local.multiprocess;

import static org.awaitility.Awaitility.await;

import io.kloggregator.gateway.TokenIssuer;
import io.kloggregator.testkit.FakeWarden;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deploy/compose.yml topology as separate processes (see {@link MultiProcessStack}): a line
 * an app writes reaches the dump and the tail of either gateway, and after SIGKILL of one
 * router and one gateway the survivors still serve both. The assertions are about presence; the
 * fault suite (the bench module's {@code io.kloggregator.local.faults.PipelineFaultsIT}) counts.
 * The stack is shared with the IT classes of this module ({@link SharedMultiProcessStack} restarts
 * what a class killed).
 */
@TestMethodOrder(OrderAnnotation.class)
@ExtendWith(SharedMultiProcessStack.class)
class MultiProcessIT {

  private static final String APP = "multi-process-app";
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  /** A killed router's partitions move after its Kafka session times out (45 s by default). */
  private static final Duration FAILOVER = Duration.ofSeconds(100);

  private static MultiProcessStack stack;
  private static FakeWarden.Instance instance;
  private static String token;

  @BeforeAll
  static void startStack(MultiProcessStack shared) {
    stack = shared;
    instance = stack.warden().start(APP, 0);
    instance.stdout().awaitReader(PATIENCE);
    token = new TokenIssuer(MultiProcessStack.JWT_SECRET).issue(List.of(APP), false,
        Duration.ofMinutes(10));
  }

  @Test
  @Order(1)
  void aLineFromTheAgentIsInTheTailAndTheDumpOfEitherGateway() {
    try (WsLines tail1 = tail(0); WsLines tail2 = tail(1)) {
      awaitLive(tail1, tail2);

      instance.stdout().println("line before the crash");

      await().atMost(PATIENCE).until(() -> tail1.hasLine("line before the crash")
          && tail2.hasLine("line before the crash"));
      awaitDumpHas(0, PATIENCE, "line before the crash");
      awaitDumpHas(1, PATIENCE, "line before the crash");
    }
  }

  @Test
  @Order(2)
  void serviceContinuesAfterARouterAndAGatewayAreKilled() {
    try (WsLines tail2 = tail(1)) {
      awaitLive(tail2);

      stack.router(0).kill();
      stack.gateway(0).kill();
      instance.stdout().println("line after the crash");

      await().atMost(PATIENCE).until(() -> tail2.hasLine("line after the crash"));
      awaitDumpHas(1, FAILOVER, "line before the crash", "line after the crash");
    }
    try (WsLines freshTail = tail(1)) {
      awaitLive(freshTail);
    }
    // The survivor rebalances once the killed router's session expires (1.5 s), and may be
    // doing so right now: health says DOWN while it does, and UP once it holds every task.
    await("the surviving router healthy").atMost(FAILOVER).until(stack.router(1)::isHealthy);
  }

  private static WsLines tail(int gateway) {
    return WsLines.open(stack.gatewayPort(gateway), "/tail/?app=" + APP + "&format=json", token);
  }

  /** A tail starts at the partition's end: write markers until one shows on every tail. */
  private static void awaitLive(WsLines... tails) {
    int[] marker = {0};
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
      String text = "warm-up " + marker[0]++;
      instance.stdout().println(text);
      return List.of(tails).stream().allMatch(t -> t.texts().stream()
          .anyMatch(s -> s.startsWith("warm-up ")));
    });
  }

  private static void awaitDumpHas(int gateway, Duration limit, String... lines) {
    await("dump of gateway " + (gateway + 1)).atMost(limit).pollInterval(Duration.ofSeconds(1))
        .until(() -> dump(gateway).containsAll(List.of(lines)));
  }

  /** One dump over the WebSocket: the recent lines, then close; empty while routers move. */
  private static List<String> dump(int gateway) {
    try (WsLines dump = WsLines.open(stack.gatewayPort(gateway),
        "/dump/?app=" + APP + "&format=json", token)) {
      await().atMost(Duration.ofSeconds(15)).until(dump::isClosed);
      return dump.texts();
    } catch (RuntimeException notNow) {
      return List.of();
    }
  }
}
