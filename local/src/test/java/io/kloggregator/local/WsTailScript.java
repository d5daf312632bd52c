package io.kloggregator.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/ws-tail.mjs} run by Node to its exit, as the README tells a user to run it;
 * its output is collected in files, so a long dump never blocks on a full pipe.
 */
final class WsTailScript {

  private static final Path SCRIPT = Path.of("..", "scripts", "ws-tail.mjs");

  /** What the script left: its exit code, standard output and standard error. */
  record Result(int exit, String out, String err) {
  }

  private WsTailScript() {
  }

  static Result run(String url, String token) throws IOException, InterruptedException {
    File out = File.createTempFile("ws-tail-out-", ".txt");
    File err = File.createTempFile("ws-tail-err-", ".txt");
    try {
      Process node = new ProcessBuilder("node", SCRIPT.toString(), url, token)
          .redirectOutput(out).redirectError(err).start();
      if (!node.waitFor(60, TimeUnit.SECONDS)) {
        node.destroyForcibly();
        throw new IllegalStateException("ws-tail " + url + " did not exit within 60 s");
      }
      return new Result(node.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
          Files.readString(err.toPath(), StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out.toPath());
      Files.deleteIfExists(err.toPath());
    }
  }
}
