package io.kloggregator.local.multiprocess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One kloggregator component as its own JVM: {@code java -cp <this test's class path> <main>}
 * with the given environment, output appended to a log file. While starting, a component that
 * exits is started again, at most {@link #START_RETRIES} times, as compose's {@code restart:
 * unless-stopped} does (a bridge exits when Kafka does not answer within its start limit).
 * {@link #kill} is SIGKILL (a crash); {@link #close} is SIGTERM, then SIGKILL after a grace
 * period; {@link #restart} starts the same command again after a kill (same environment, so the
 * same ports and state directory). Not thread-safe.
 */
public final class ComponentProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  static final int START_RETRIES = 2;
  /**
   * The system property giving each component JVM's options, space-separated; unset or blank,
   * they are {@link #TEST_JAVA_OPTS}.
   */
  static final String JAVA_OPTS_PROPERTY = "kloggregator.component.javaOpts";
  /**
   * For tests: small heaps, and C1 only, which saves the JIT's CPU on two cores in runs of
   * seconds but makes each line dearer.
   */
  static final String TEST_JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

  private final String name;
  private final Path log;
  private final int healthPort;
  private final ProcessBuilder builder;
  private Process process;
  private int restarts;

  private ComponentProcess(String name, Path log, int healthPort, ProcessBuilder builder) {
    this.name = name;
    this.log = log;
    this.healthPort = healthPort;
    this.builder = builder;
  }

  /** Starts {@code mainClass}; {@code healthPort} is where it serves {@code /health}. */
  static ComponentProcess start(String name, String mainClass, Map<String, String> env,
      int healthPort, Path logDir) {
    Path log = logDir.resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String options = System.getProperty(JAVA_OPTS_PROPERTY, "").trim();
    command.addAll(List.of((options.isEmpty() ? TEST_JAVA_OPTS : options).split("\\s+")));
    command.addAll(List.of("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        "-cp", System.getProperty("java.class.path"), mainClass));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("KLOGGREGATOR_"));
    builder.environment().putAll(env);
    try {
      Files.createDirectories(logDir);
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + log, e);
    }
    ComponentProcess component = new ComponentProcess(name, log, healthPort, builder);
    component.launch();
    return component;
  }

  private void launch() {
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  public String name() {
    return name;
  }

  /** True while the JVM runs (it may not answer yet). */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Starts the same command again (after {@link #kill}); the log gets a marker line. */
  public void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    try {
      Files.writeString(log, "--- restarted by the test ---\n",
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    restarts = 0;
    launch();
  }

  /**
   * For start-up: true when {@code /health} answers 200; an exited JVM is started again, and
   * after {@link #START_RETRIES} restarts this fails with the log's tail.
   */
  boolean isStartedAndHealthy() {
    if (!process.isAlive() && restarts < START_RETRIES) {
      restarts++;
      try {
        Files.writeString(log, "--- exited with " + process.exitValue() + "; restart "
            + restarts + " ---\n", StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      launch();
      return false;
    }
    return isHealthy();
  }

  /** True when {@code /health} answers 200; fails with the log's tail if the JVM has exited. */
  public boolean isHealthy() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n"
          + logTail());
    }
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + healthPort + "/health"))
        .timeout(Duration.ofSeconds(3)).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGKILL, no shutdown hook runs: as a crashed host would. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitFor(Duration.ofSeconds(15))) {
      kill();
    }
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private boolean waitFor(Duration limit) {
    try {
      return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
