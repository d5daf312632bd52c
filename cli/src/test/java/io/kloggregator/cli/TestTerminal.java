package io.kloggregator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.util.Map;

/** A {@link Terminal} writing into strings, for running the CLI in-process in tests. */
final class TestTerminal {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Terminal terminal;

  TestTerminal(Map<String, String> env) {
    this.terminal = new Terminal(new SynchronizedWriter(out), new SynchronizedWriter(err), env,
        false, ZoneId.of("UTC"));
  }

  Terminal terminal() {
    return terminal;
  }

  int run(String... args) {
    return new Cli(terminal).run(args);
  }

  String out() {
    synchronized (out) {
      return out.toString();
    }
  }

  String err() {
    synchronized (err) {
      return err.toString();
    }
  }

  /** A print writer whose buffer the test thread may read while the command writes. */
  private static final class SynchronizedWriter extends PrintWriter {

    SynchronizedWriter(StringWriter target) {
      super(target, true);
      this.lock = target;
    }
  }
}
