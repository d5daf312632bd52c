package io.kloggregator.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/** Entry point of the {@code logs} command (scripts/logs runs it). */
public final class CliMain {

  private CliMain() {
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), false);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
    boolean colour = System.console() != null && System.getenv("NO_COLOR") == null;
    Terminal terminal = new Terminal(out, err, System.getenv(), colour, ZoneId.systemDefault());
    System.exit(new Cli(terminal).run(args));
  }
}
