package io.kloggregator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server started as a child process, its output appended to a log file. {@link #stop} sends
 * SIGTERM and waits; {@link #kill} sends SIGKILL, as a crash would. Not thread-safe.
 */
final class ChildProcess {

  private static final int LOG_TAIL_LINES = 20;

  private final String name;
  private final List<String> command;
  private final Path logFile;
  private Process process;

  ChildProcess(String name, List<String> command, Path logFile) {
    this.name = name;
    this.command = List.copyOf(command);
    this.logFile = logFile;
  }

  void start() {
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
    }
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Fails with the tail of the log when the process has already exited. */
  void checkAlive() {
    if (process != null && !process.isAlive()) {
      throw new Exited(name, process.exitValue(), logFile, logTail(LOG_TAIL_LINES));
    }
  }

  /** The last {@code lines} lines of the log, or what could be read of it. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** A server that exited while it should have been running; carries its log's last lines. */
  static final class Exited extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String logTail;

    Exited(String name, int status, Path logFile, String logTail) {
      super(name + " exited with " + status + "; " + logFile + " ends with:\n" + logTail);
      this.logTail = logTail;
    }

    String logTail() {
      return logTail;
    }
  }

  void stop(Duration grace) {
    end(false, grace);
  }

  void kill() {
    end(true, Duration.ofSeconds(10));
  }

  private void end(boolean force, Duration grace) {
    if (process == null) {
      return;
    }
    process.descendants().forEach(force ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
    if (force) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Runs a short-lived command to completion, failing with its log on a non-zero exit. */
  static void runToCompletion(String name, List<String> command, Path logFile, Duration limit) {
    ChildProcess tool = new ChildProcess(name, command, logFile);
    tool.start();
    try {
      if (!tool.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        tool.kill();
        throw new IllegalStateException(name + " did not finish within " + limit);
      }
      if (tool.process.exitValue() != 0) {
        throw new IllegalStateException(name + " failed with " + tool.process.exitValue()
            + "; see " + logFile);
      }
    } catch (InterruptedException e) {
      tool.kill();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " interrupted", e);
    }
  }
}
