package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.SharedStack;
import io.kloggregator.testkit.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The drain fault scenarios of the fault suite at CI size (the benchmark {@link DrainFaultsBench}
 * runs them at full size: receiver down 60 s, etcd down 30 s): a drain receiver down for 15 s
 * under load, and etcd down for 10 s while a binding changes, both against real rsyslogd, the
 * real broker, etcd and (for etcd) a real streams router.
 */
@ExtendWith(SharedStack.class)
class DrainFaultsIT {

  private Path dir;

  @BeforeEach
  void dir() {
    dir = TempDirs.create("drain-faults-it-");
  }

  @AfterEach
  void cleanUp() {
    TempDirs.deleteRecursively(dir);
  }

  @Test
  void receiverDownForFifteenSecondsUnderLoadGetsEveryLineOfEveryAppInOrder(LocalStack stack)
      throws Exception {
    // 3 apps x 10 lines / 50 ms = 600 lines/s; 15 s down = 6,000 lines behind on that drain,
    // three times its 2,000-line memory bound, so the catch-up reader re-reads from the topic.
    ReceiverOutageScenario.Result r = new ReceiverOutageScenario(stack, dir)
        .run(Duration.ofSeconds(15), Duration.ofSeconds(3), 10, 2_000);
    System.out.println("receiver outage: " + r);

    assertThat(r.failedSends()).isZero();
    for (DeliveryTally t : new DeliveryTally[] {r.a1(), r.a2(), r.a3()}) {
      assertThat(t.complete()).as("every accepted line arrived: %s", t).isTrue();
      assertThat(t.outOfOrder()).as("first arrivals in order: %s", t).isZero();
      assertThat(t.beyond()).isZero();
    }
    assertThat(r.accepted()).isGreaterThan(15 * 200);
    assertThat(r.a3DuringOutage()).as("the other drain kept receiving").isGreaterThan(2_000);
    assertThat(r.backlogDelivered()).as("backlog delivered after the restart").isNotNull();
    assertThat(r.catchups()).as("the catch-up reader took part").isPositive();
    assertThat(r.noticed()).as("the app got an unreachable notice").isTrue();
    assertThat(r.committedLag()).as("commits reached the end").isLessThanOrEqualTo(0);
    assertThat(r.healthy()).isTrue();
  }

  @Test
  void etcdDownForTenSecondsWhileBindingsChangeConvergesWithoutLosingRoutedLines(
      LocalStack stack) throws Exception {
    EtcdOutageScenario.Result r = new EtcdOutageScenario(stack, dir)
        .run(Duration.ofSeconds(10), Duration.ofSeconds(3), 2);
    System.out.println("etcd outage: " + r);

    assertThat(r.failedSends()).isZero();
    assertThat(r.sAtA().complete()).as("s, bound throughout: %s", r.sAtA()).isTrue();
    assertThat(r.sDuringOutage()).as("routing to s's drain went on without etcd").isPositive();
    assertThat(r.dumps()).isPositive();
    assertThat(r.dumpFailures()).as("dumps answered without etcd").isZero();
    assertThat(r.dumpsAdvanced()).as("the router kept storing lines without etcd").isTrue();
    assertThat(r.converged()).as("routes converged after etcd came back").isNotNull();
    assertThat(r.mAtA().prefix()).as("m at A until unbound: %s", r.mAtA()).isTrue();
    assertThat(r.mAtA().last()).as("m unbound from A").isLessThan(r.accepted() - 1);
    assertThat(r.mAtB().suffix()).as("m at B once bound: %s", r.mAtB()).isTrue();
    assertThat(r.mAtB().first()).as("no gap between A and B").isLessThanOrEqualTo(
        r.mAtA().last() + 1);
    assertThat(r.nAtB().suffix()).as("n at B once bound: %s", r.nAtB()).isTrue();
    assertThat(r.sAtA().outOfOrder() + r.mAtA().outOfOrder() + r.mAtB().outOfOrder()
        + r.nAtB().outOfOrder()).isZero();
    assertThat(r.strays()).as("no line at a drain its app was never bound to").isZero();
    assertThat(r.routerHealthy()).isTrue();
    assertThat(r.clean()).isTrue();
  }
}
