package io.kloggregator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real etcd started on ports that another socket takes between pick and bind. */
class EtcdServerIT {

  @TempDir
  Path dir;

  @Test
  void aPortTakenBetweenPickAndBindIsPickedAgain() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Deque<Integer> picks = new ArrayDeque<>(List.of(taken.getLocalPort(), FreePorts.pick(),
          FreePorts.pick(), FreePorts.pick()));
      try (EtcdServer etcd = EtcdServer.start(dir.resolve("etcd"), 0, picks::pop)) {
        assertThat(etcd.endpoint()).doesNotEndWith(":" + taken.getLocalPort());
        assertThat(health(etcd)).contains("true");
      }
    }
  }

  @Test
  void anEtcdThatCannotStartFailsWithTheEndOfItsLog() throws IOException {
    Path etcdDir = dir.resolve("etcd");
    Files.createDirectories(etcdDir.resolve("data"));
    Files.writeString(etcdDir.resolve("data").resolve("member"), "not a directory");
    assertThatThrownBy(() -> EtcdServer.start(etcdDir, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("etcd exited with")
        .hasMessageContaining("member");
  }

  private static String health(EtcdServer etcd) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(etcd.endpoint() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
