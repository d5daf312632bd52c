package io.kloggregator.drain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link DrainForwarderMain} in its own JVM (the test's class path), configured through the
 * environment, so a test can SIGKILL it mid-stream as a crash would.
 */
final class ForwarderProcess implements AutoCloseable {

  private final Process process;

  private ForwarderProcess(Process process) {
    this.process = process;
  }

  static ForwarderProcess start(Map<String, String> env, Path log) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), DrainForwarderMain.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    try {
      return new ForwarderProcess(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the forwarder JVM", e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM: the shutdown hook closes the forwarder (final commit); waits for the exit. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGKILL: no shutdown hook, no final commit. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
