package io.kloggregator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UdpEmitterTest {

  @Test
  void fullQueueDropsTheOldestAndCountsWithoutBlocking() throws IOException {
    AgentMetrics metrics = new AgentMetrics(new SimpleMeterRegistry());
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      receiver.setSoTimeout(10_000);
      InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(),
          receiver.getLocalPort());
      UdpEmitter emitter = new UdpEmitter(List.of(target), 3, metrics);

      for (int i = 0; i < 5; i++) {
        emitter.offer(new byte[] {(byte) i});
      }
      emitter.start();

      List<Integer> got = new ArrayList<>();
      byte[] buf = new byte[16];
      for (int i = 0; i < 3; i++) {
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        receiver.receive(packet);
        got.add((int) buf[0]);
      }
      emitter.close();
      assertThat(got).containsExactly(2, 3, 4);
      assertThat(metrics.droppedQueueFull.count()).isEqualTo(2.0);
      assertThat(metrics.linesEmitted.count()).isEqualTo(3.0);
    }
  }

  @Test
  void everyEnvelopeGoesToEveryEndpoint() throws IOException {
    AgentMetrics metrics = new AgentMetrics(new SimpleMeterRegistry());
    try (DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      a.setSoTimeout(10_000);
      b.setSoTimeout(10_000);
      UdpEmitter emitter = new UdpEmitter(List.of(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), a.getLocalPort()),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), b.getLocalPort())), 10, metrics);
      emitter.start();

      emitter.offer(new byte[] {42});

      DatagramPacket pa = new DatagramPacket(new byte[4], 4);
      DatagramPacket pb = new DatagramPacket(new byte[4], 4);
      a.receive(pa);
      b.receive(pb);
      emitter.close();
      assertThat(pa.getData()[0]).isEqualTo((byte) 42);
      assertThat(pb.getData()[0]).isEqualTo((byte) 42);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> metrics.linesEmitted.count() == 1.0);
    }
  }
}
