package io.kloggregator.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real CLI ({@code scripts/logs}' main class) in a JVM of its own on this test's class path,
 * with the given environment, run to its exit; output is collected in files, so a chatty command
 * never blocks on a full pipe.
 */
final class CliProcess {

  /** What a finished command left: its exit code, standard output and standard error. */
  record Result(int exit, String out, String err) {
  }

  private CliProcess() {
  }

  static Result run(Map<String, String> env, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.kloggregator.cli.CliMain"));
    command.addAll(args);
    File out = File.createTempFile("cli-out-", ".txt");
    File err = File.createTempFile("cli-err-", ".txt");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
      builder.environment().putAll(env);
      Process cli = builder.start();
      if (!cli.waitFor(60, TimeUnit.SECONDS)) {
        cli.destroyForcibly();
        throw new IllegalStateException("logs " + args + " did not exit within 60 s");
      }
      return new Result(cli.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
          Files.readString(err.toPath(), StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out.toPath());
      Files.deleteIfExists(err.toPath());
    }
  }
}
