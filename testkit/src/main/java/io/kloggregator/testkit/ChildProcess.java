package io.kloggregator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server started as a child process, its output appended to a log file. {@link #stop} sends
 * SIGTERM and waits; {@link #kill} sends SIGKILL, as a crash would. The child runs in a session
 * of its own ({@code setsid}, where the system has it), so a Ctrl-C in the terminal reaches only
 * this JVM, whose shutdown stops the children in order. Not thread-safe.
 */
final class ChildProcess {

  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final int LOG_TAIL_LINES = 15;

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
      process = new ProcessBuilder(inOwnSession(command))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
    }
  }

  /**
   * {@code setsid command...}: setsid execs the command in place (this JVM's children are not
   * process group leaders), so the process is still the command itself.
   */
  private static List<String> inOwnSession(List<String> command) {
    if (!Files.isExecutable(SETSID)) {
      return command;
    }
    List<String> wrapped = new ArrayList<>();
    wrapped.add(SETSID.toString());
    wrapped.addAll(command);
    return wrapped;
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Fails with the tail of the log when the process has already exited. */
  void checkAlive() {
    if (process != null && !process.isAlive()) {
      throw new IllegalStateException(name + " exited with " + process.exitValue()
          + "; see " + logFile + logTail());
    }
  }

  /** The last lines of the log, so that a failure (a taken port) reads from the message. */
  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return "; its last lines:\n" + String.join("\n",
          lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "";
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
            + "; see " + logFile + tool.logTail());
      }
    } catch (InterruptedException e) {
      tool.kill();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " interrupted", e);
    }
  }
}
