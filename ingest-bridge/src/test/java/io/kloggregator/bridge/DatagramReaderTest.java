package io.kloggregator.bridge;

import static io.kloggregator.testkit.TestUdpSender.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.SharedSecret;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DatagramReaderTest {

  private static final InetSocketAddress BRIDGE = new InetSocketAddress("127.0.0.1", 3456);
  private static final InetSocketAddress AGENT = new InetSocketAddress("127.0.0.1", 40000);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BridgeMetrics metrics = new BridgeMetrics(registry);
  private final LineBuffer buffer = new LineBuffer(1 << 20, 0, System::nanoTime, metrics);
  private final EnvelopeCodec codec = new EnvelopeCodec(SharedSecret.of("s"), true);
  private final EmbeddedChannel channel = new EmbeddedChannel(new DatagramReader(
      new EnvelopeIntake(codec, BridgeConfig.Legacy.loopback(), buffer, metrics,
          new RateLimitedLog(LoggerFactory.getLogger(getClass()), Duration.ofSeconds(10),
              System::nanoTime)), metrics));

  @Test
  void eachDatagramReachesTheBufferAndItsNettyBufferIsReleased() {
    ByteBuf first = datagram(codec.encode(line("app", "one", 1), SignatureMode.HMAC));
    ByteBuf second = datagram(codec.encode(line("app", "two", 2), SignatureMode.HMAC));

    channel.writeInbound(new DatagramPacket(first, BRIDGE, AGENT));
    channel.writeInbound(new DatagramPacket(second, BRIDGE, AGENT));

    assertThat(buffer.lines()).isEqualTo(2);
    assertThat(first.refCnt()).isZero();
    assertThat(second.refCnt()).isZero();
    assertThat(registry.get("kloggregator.bridge.received").tag("transport", "udp").counter()
        .count()).isEqualTo(2);
  }

  @Test
  void aMalformedDatagramIsCountedReleasedAndTheChannelStaysOpen() {
    ByteBuf garbage = datagram("not an envelope".getBytes(StandardCharsets.UTF_8));

    channel.writeInbound(new DatagramPacket(garbage, BRIDGE, AGENT));

    assertThat(garbage.refCnt()).isZero();
    assertThat(buffer.lines()).isZero();
    assertThat(registry.get("kloggregator.bridge.rejected").tag("reason", "undecodable")
        .counter().count()).isEqualTo(1);
    assertThat(channel.isOpen()).isTrue();
  }

  /** A direct buffer, as the epoll transport reads into. */
  private static ByteBuf datagram(byte[] bytes) {
    return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
  }
}
