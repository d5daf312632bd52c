package io.kloggregator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

class FakeWardenTest {

  private final Path dir = TempDirs.create("fake-warden-");

  @AfterEach
  void removeDir() {
    TempDirs.deleteRecursively(dir);
  }

  @Test
  void appStreamsServeReadersEvenUnderADirectoryTooDeepForUnixSocketPaths() throws Exception {
    Path deep = dir.resolve("a-directory-name-long-enough-to-push-socket-paths-past-the-limit")
        .resolve("and-then-some-more-of-it");
    assertThat(deep.toString().length()).isGreaterThan(FakeWarden.MAX_SOCKET_PATH_BYTES);

    Path containers;
    try (FakeWarden warden = new FakeWarden(deep)) {
      FakeWarden.Instance instance = warden.start("app-1", 0);
      Path socket = instance.stdout().socketFile();
      assertThat(socket.toString().getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(FakeWarden.MAX_SOCKET_PATH_BYTES);
      assertThat(Files.readString(warden.instancesFile()))
          .contains(instance.containerPath().toString());

      try (AFUNIXSocket reader = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket.toFile()))) {
        instance.stdout().awaitReader(Duration.ofSeconds(5)).println("hello");
        InputStream in = reader.getInputStream();
        assertThat(new String(in.readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("hello\n");
      }
      containers = warden.containersDir();
    }
    assertThat(containers).doesNotExist();
  }

  @Test
  void containersStayUnderAShortRoot() throws Exception {
    Path shortRoot = Files.createTempDirectory(Path.of("/tmp"), "fw-");
    try (FakeWarden warden = new FakeWarden(shortRoot)) {
      assertThat(warden.start("app-1", 0).containerPath()).startsWith(shortRoot);
    } finally {
      TempDirs.deleteRecursively(shortRoot);
    }
  }
}
