package io.kloggregator.local;

import io.kloggregator.testkit.NodeProject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Node script from {@code src/test/web} driving Debian's headless Chromium through
 * playwright-core, talked to line by line: the test waits for the script's words (READY, OK)
 * and answers with commands on its stdin. Its whole output is kept for failure messages.
 */
final class BrowserScript implements AutoCloseable {

  private static final Path SOURCES = Path.of("src", "test", "web");
  private static final Path WORK = Path.of("target", "web");

  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
  private final List<String> transcript = new ArrayList<>();

  private BrowserScript(Process process) {
    this.process = process;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread pump = new Thread(this::pump, "browser-script-output");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Copies {@code src/test/web} (the scripts and their shared modules) to {@code target/web},
   * installs the npm dependencies (once per build) and starts {@code script} with {@code args}.
   */
  static BrowserScript start(String script, String... args) throws IOException,
      InterruptedException {
    NodeProject project = NodeProject.install(SOURCES, WORK, "playwright-core");
    return new BrowserScript(project.node(script, List.of(args)).start());
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.add(line);
      }
    } catch (IOException ended) {
      output.add("(output closed: " + ended.getMessage() + ")");
    }
  }

  /** Waits for the script to print {@code word} alone on a line; fails on FAIL or a timeout. */
  void expect(String word, Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      String line = output.poll(200, TimeUnit.MILLISECONDS);
      if (line == null) {
        continue;
      }
      transcript.add(line);
      if (line.equals(word)) {
        return;
      }
      if (line.startsWith("FAIL")) {
        throw new AssertionError("browser script: " + String.join("\n", transcript));
      }
    }
    throw new AssertionError("browser script did not say " + word + " within " + limit + ":\n"
        + String.join("\n", transcript));
  }

  /** What the script said so far on lines starting with {@code prefix}, the prefix removed. */
  List<String> said(String prefix) {
    return transcript.stream().filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length())).toList();
  }

  void send(String command) throws IOException {
    commands.write(command + "\n");
    commands.flush();
  }

  int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("browser script still running after " + limit);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
