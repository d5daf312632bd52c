package io.kloggregator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.ops.RateLimitedLog;
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
import org.slf4j.LoggerFactory;

class SignedEmitterTest {

  @Test
  void fullQueueDropsTheOldestAndCountsWithoutBlocking() throws IOException {
    AgentMetrics metrics = new AgentMetrics(new SimpleMeterRegistry());
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      receiver.setSoTimeout(10_000);
      InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(),
          receiver.getLocalPort());
      SignedEmitter emitter = new SignedEmitter(udp(List.of(target), metrics), 3, metrics, null,
          null);

      for (int i = 0; i < 5; i++) {
        emitter.offer("app", new byte[] {(byte) i});
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
  void eachAppTakesOneEndpointAndAppsSpreadOverAll() throws IOException {
    AgentMetrics metrics = new AgentMetrics(new SimpleMeterRegistry());
    try (DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      a.setSoTimeout(200);
      b.setSoTimeout(200);
      SignedEmitter emitter = new SignedEmitter(udp(List.of(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), a.getLocalPort()),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), b.getLocalPort())), metrics),
          100, metrics, null, null);
      emitter.start();

      for (int app = 0; app < 20; app++) {
        for (int line = 0; line < 3; line++) {
          emitter.offer("app-" + app, new byte[] {(byte) app});
        }
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> metrics.linesEmitted.count() == 60.0);
      emitter.close();

      List<Integer> atA = receiveAll(a);
      List<Integer> atB = receiveAll(b);
      assertThat(atA.size() + atB.size()).as("each line sent once").isEqualTo(60);
      assertThat(atA).isNotEmpty().doesNotContainAnyElementsOf(atB);
      assertThat(atB).isNotEmpty();
    }
  }

  private static UdpWire udp(List<InetSocketAddress> endpoints, AgentMetrics metrics) {
    return new UdpWire(endpoints, metrics, new RateLimitedLog(
        LoggerFactory.getLogger(SignedEmitterTest.class), Duration.ofSeconds(10),
        System::nanoTime));
  }

  private static List<Integer> receiveAll(DatagramSocket socket) throws IOException {
    List<Integer> apps = new ArrayList<>();
    while (true) {
      DatagramPacket packet = new DatagramPacket(new byte[4], 4);
      try {
        socket.receive(packet);
      } catch (java.net.SocketTimeoutException drained) {
        return apps;
      }
      apps.add((int) packet.getData()[0]);
    }
  }
}
