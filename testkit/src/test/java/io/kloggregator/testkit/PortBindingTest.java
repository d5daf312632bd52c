package io.kloggregator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortBindingTest {

  @Test
  void aTakenPreferredPortFallsBackToAnyFreePort() throws IOException {
    try (ServerSocket taken = bind(0)) {
      try (ServerSocket bound = PortBinding.preferOrAny(taken.getLocalPort(),
          PortBindingTest::bind)) {

        assertThat(bound.getLocalPort()).isPositive().isNotEqualTo(taken.getLocalPort());
        assertThat(bound.getInetAddress().isLoopbackAddress()).isTrue();
      }
    }
  }

  @Test
  void aFreePreferredPortIsKept() throws IOException {
    int free = FreePorts.pick();

    try (ServerSocket bound = PortBinding.preferOrAny(free, PortBindingTest::bind)) {
      assertThat(bound.getLocalPort()).isEqualTo(free);
    }
  }

  @Test
  void aChildProcessClashIsRetriedOnAFreshPickAndOtherFailuresAreNot() {
    int[] starts = {0};

    String started = PortBinding.bind(1, () -> 2, 5, port -> {
      starts[0]++;
      if (port == 1) {
        throw new IllegalStateException("etcd exited with 1; its last lines:\n"
            + "listen tcp 127.0.0.1:1: bind: address already in use");
      }
      return "on " + port;
    });

    assertThat(started).isEqualTo("on 2");
    assertThat(starts[0]).isEqualTo(2);
    assertThatThrownBy(() -> PortBinding.bind(1, () -> 2, 5, port -> {
      throw new IllegalStateException("etcd not found");
    })).hasMessage("etcd not found");
  }

  private static ServerSocket bind(int port) {
    try {
      return new ServerSocket(port, 5, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
