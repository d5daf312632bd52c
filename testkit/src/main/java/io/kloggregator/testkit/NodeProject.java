package io.kloggregator.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A test's Node.js project: the files of a source folder (scripts, {@code package.json} and its
 * lock file) copied to a work folder under {@code target/}, where {@code npm ci} installs the
 * locked dependencies once per build. Node and npm are Debian's ({@code scripts/install-deps}).
 */
public final class NodeProject {

  private static final long NPM_LIMIT_MINUTES = 3;

  private final Path work;

  private NodeProject(Path work) {
    this.work = work;
  }

  /**
   * Copies the regular files of {@code sources} to {@code work} and runs {@code npm ci} there
   * unless {@code node_modules/<installedMarker>} already exists.
   */
  public static NodeProject install(Path sources, Path work, String installedMarker)
      throws IOException, InterruptedException {
    Files.createDirectories(work);
    try (Stream<Path> files = Files.list(sources)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, work.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (!Files.exists(work.resolve("node_modules").resolve(installedMarker))) {
      Path log = work.resolve("npm.log");
      Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
          .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
          .start();
      if (!npm.waitFor(NPM_LIMIT_MINUTES, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        npm.destroyForcibly();
        throw new IllegalStateException("npm ci failed in " + work + "; see " + log);
      }
    }
    return new NodeProject(work);
  }

  /** The work folder, where the scripts and {@code node_modules} are. */
  public Path work() {
    return work;
  }

  /** A process builder for {@code node script args...}, run in the work folder. */
  public ProcessBuilder node(String script, List<String> args) {
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(args);
    return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
  }
}
