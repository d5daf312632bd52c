package io.kloggregator.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The CLI running in-process on its own thread (a tail runs until stopped). */
final class RunningCli implements AutoCloseable {

  private final TestTerminal terminal;
  private final Thread thread;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private RunningCli(Map<String, String> env, String... args) {
    this.terminal = new TestTerminal(env);
    this.thread = new Thread(() -> exit.complete(terminal.run(args)), "cli-under-test");
    thread.setDaemon(true);
  }

  static RunningCli start(Map<String, String> env, String... args) {
    RunningCli cli = new RunningCli(env, args);
    cli.thread.start();
    return cli;
  }

  String out() {
    return terminal.out();
  }

  String err() {
    return terminal.err();
  }

  boolean hasExited() {
    return exit.isDone();
  }

  int exitCode() {
    return exit.join();
  }

  /** Interrupts the command (as Ctrl-C would end it) and waits for it to return. */
  int stop(Duration patience) throws Exception {
    thread.interrupt();
    return exit.get(patience.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws Exception {
    if (!exit.isDone()) {
      stop(Duration.ofSeconds(30));
    }
  }
}
