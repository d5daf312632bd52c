package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kloggregator.bridge.BridgeConfig.UdpReceive;
import io.kloggregator.bridge.BridgeConfig.UdpTransport;
import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.SharedSecret;
import io.kloggregator.testkit.TestUdpSender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class UdpTransportChoiceTest {

  private static final UdpTransportChoice WITHOUT_EPOLL = new UdpTransportChoice(() -> false,
      () -> new UnsatisfiedLinkError("no netty_transport_native_epoll_x86_64 in library path"));
  private static final UdpTransportChoice WITH_EPOLL = new UdpTransportChoice(() -> true,
      () -> null);

  @Test
  void autoFallsBackToNioWhereEpollDoesNotLoad() {
    assertThat(WITHOUT_EPOLL.resolve(UdpTransport.AUTO)).isEqualTo(UdpTransport.NIO);
  }

  @Test
  void autoIsEpollWhereEpollLoads() {
    assertThat(WITH_EPOLL.resolve(UdpTransport.AUTO)).isEqualTo(UdpTransport.EPOLL);
  }

  @Test
  void nioIsKeptAndNeverAsksWhetherEpollLoads() {
    UdpTransportChoice unasked = new UdpTransportChoice(() -> {
      throw new AssertionError("asked whether epoll loads");
    }, () -> null);

    assertThat(unasked.resolve(UdpTransport.NIO)).isEqualTo(UdpTransport.NIO);
  }

  @Test
  void epollWhereItDoesNotLoadFailsTheStartNamingTheCause() {
    assertThatThrownBy(() -> WITHOUT_EPOLL.resolve(UdpTransport.EPOLL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("KLOGGREGATOR_BRIDGE_UDP_TRANSPORT=epoll, but Netty's native "
            + "epoll transport does not load here")
        .hasMessageContaining("no netty_transport_native_epoll_x86_64")
        .hasMessageEndingWith("set auto or nio");
  }

  @Test
  void autoWithoutEpollBindsOneNioSocketThatReceives() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BridgeMetrics metrics = new BridgeMetrics(registry);
    EnvelopeIntake intake = new EnvelopeIntake(
        new EnvelopeCodec(SharedSecret.of("s"), true), BridgeConfig.Legacy.loopback(),
        new LineBuffer(1 << 20, 0, System::nanoTime, metrics), metrics,
        new RateLimitedLog(LoggerFactory.getLogger(getClass()), Duration.ofSeconds(10),
            System::nanoTime));
    BridgeConfig.Listeners listeners = BridgeConfig.Listeners.loopback(0)
        .withUdpReceive(new UdpReceive(UdpTransport.AUTO, 4));

    try (UdpListener listener = WITHOUT_EPOLL.bind(listeners, intake, metrics);
        TestUdpSender sender = new TestUdpSender(null, listener.port())) {
      listener.start();
      sender.send("not an envelope".getBytes(StandardCharsets.UTF_8));

      await().atMost(Duration.ofSeconds(10)).until(() -> registry
          .get("kloggregator.bridge.rejected").tag("reason", "undecodable").counter()
          .count() == 1);
      assertThat(BoundUdpSockets.atPort(listener.port())).isEqualTo(1);
    }
  }
}
