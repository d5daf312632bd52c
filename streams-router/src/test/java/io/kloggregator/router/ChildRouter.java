package io.kloggregator.router;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link StreamsRouterMain} in a child JVM on this test's class path, so that it can be killed
 * with SIGKILL (no shutdown hook, no commit, no store flush), as a crash would.
 */
final class ChildRouter implements AutoCloseable {

  private final Map<String, String> env;
  private final Path log;
  private final int port;
  private Process process;

  ChildRouter(Map<String, String> env, int port, Path log) {
    this.env = Map.copyOf(env);
    this.port = port;
    this.log = log;
  }

  /** Starts the JVM and waits until its /health answers 200. */
  ChildRouter start() {
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        "-cp", System.getProperty("java.class.path"), StreamsRouterMain.class.getName()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RouterClient client = new RouterClient(port);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
        .ignoreExceptions().until(() -> {
          if (!process.isAlive()) {
            throw new AssertionError("child router exited with " + process.exitValue()
                + "; see " + log);
          }
          return client.get("/health").statusCode() == 200;
        });
    return this;
  }

  /** SIGKILL and wait for the process to be gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
