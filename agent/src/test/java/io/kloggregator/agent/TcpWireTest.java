package io.kloggregator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.ops.RateLimitedLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** TcpWire against real loopback sockets; a settable clock stands for the backoff's time. */
class TcpWireTest {

  private final AgentMetrics metrics = new AgentMetrics(new SimpleMeterRegistry());
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void envelopesArriveLengthPrefixedInOrderAndAreCountedWhenWritten() throws Exception {
    try (ServerSocket server = listener(); TcpWire wire = wire(server.getLocalPort())) {
      CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> {
        try (Socket accepted = server.accept()) {
          return readFrames(accepted, 12_000);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      // About 170 KB: the wire writes each full 64 KiB buffer on its own, the rest on flush.
      for (int i = 0; i < 12_000; i++) {
        wire.write(0, envelope(i));
      }
      assertThat(metrics.linesEmitted.count()).as("full buffers already written")
          .isGreaterThan(0).isLessThan(12_000);
      wire.flush();
      assertThat(received.get(10, TimeUnit.SECONDS)).containsExactlyElementsOf(
          expected(0, 12_000));
      assertThat(metrics.linesEmitted.count()).isEqualTo(12_000.0);
      assertThat(metrics.droppedSendError.count()).isZero();
    }
  }

  @Test
  void aRefusedStreamDropsAndCountsItsLinesThenReopensAfterTheBackoff() throws IOException {
    int port;
    try (ServerSocket probe = listener()) {
      port = probe.getLocalPort();
    }
    try (TcpWire wire = wire(port)) {
      wire.write(0, envelope(0));
      wire.write(0, envelope(1));
      assertThat(metrics.droppedSendError.count()).as("nobody listens").isEqualTo(2.0);

      try (ServerSocket server = new ServerSocket()) {
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        wire.write(0, envelope(2));
        assertThat(metrics.droppedSendError.count()).as("still within the backoff")
            .isEqualTo(3.0);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        wire.write(0, envelope(3));
        wire.flush();
        try (Socket accepted = server.accept()) {
          assertThat(readFrames(accepted, 1)).containsExactly("line-3");
        }
      }
      assertThat(metrics.linesEmitted.count()).isEqualTo(1.0);
    }
  }

  @Test
  void aStreamTheBridgeClosedIsCountedAndOpenedAgain() throws IOException {
    try (ServerSocket server = listener(); TcpWire wire = wire(server.getLocalPort())) {
      wire.write(0, envelope(0));
      wire.flush();
      server.accept().close();
      int sent = 1;
      // The first writes after the peer closed may still succeed; a later one fails.
      while (metrics.droppedSendError.count() == 0 && sent < 10_000) {
        wire.write(0, envelope(sent++));
        wire.flush();
      }
      assertThat(metrics.droppedSendError.count()).isPositive();

      wire.write(0, envelope(sent));
      wire.flush();
      try (Socket second = server.accept()) {
        assertThat(readFrames(second, 1)).containsExactly("line-" + sent);
      }
      assertThat(metrics.reconnects.count()).isEqualTo(1.0);
    }
  }

  @Test
  void anEnvelopeLargerThanAFrameIsDroppedAndCounted() throws IOException {
    try (ServerSocket server = listener(); TcpWire wire = wire(server.getLocalPort())) {
      wire.write(0, new byte[TcpWire.MAX_FRAME + 1]);
      wire.write(0, envelope(1));
      wire.flush();
      try (Socket accepted = server.accept()) {
        assertThat(readFrames(accepted, 1)).containsExactly("line-1");
      }
      assertThat(metrics.droppedSendError.count()).isEqualTo(1.0);
    }
  }

  private TcpWire wire(int port) {
    return new TcpWire(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)),
        Duration.ofMillis(100), Duration.ofMillis(500), metrics,
        new RateLimitedLog(LoggerFactory.getLogger(TcpWireTest.class), Duration.ofSeconds(10),
            System::nanoTime), nanos::get);
  }

  private static ServerSocket listener() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server.setSoTimeout(10_000);
    return server;
  }

  private static byte[] envelope(int i) {
    return ("line-" + i).getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> expected(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add("line-" + i);
    }
    return out;
  }

  private static List<String> readFrames(Socket socket, int count) throws IOException {
    socket.setSoTimeout(10_000);
    DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] frame = new byte[in.readInt()];
      in.readFully(frame);
      out.add(new String(frame, StandardCharsets.UTF_8));
    }
    return out;
  }
}
