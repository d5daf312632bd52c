package io.kloggregator.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yml linted by dclint (npm {@code dclint}, pinned in src/test/dclint), with the one
 * rule deploy/.dclintrc turns off: the project {@code name:} field, which Debian's docker-compose
 * 1.29 refuses. dclint cannot read an interpolated port host; ComposeTopologyTest checks that one.
 */
class ComposeLintIT {

  private static final Path WORK = Path.of("target", "dclint");
  private static final Path SOURCES = Path.of("src", "test", "dclint");

  private static void install() throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    for (String file : List.of("package.json", "package-lock.json")) {
      Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.isRegularFile(WORK.resolve("node_modules/.bin/dclint"))) {
      return;
    }
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
        .directory(WORK.toFile()).redirectErrorStream(true)
        .redirectOutput(WORK.resolve("npm.log").toFile()).start();
    if (!npm.waitFor(3, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      throw new IllegalStateException("npm ci failed; see " + WORK.resolve("npm.log"));
    }
  }

  @Test
  void composeFileHasNoDclintProblems() throws Exception {
    install();
    Path deploy = ComposeFile.repositoryRoot().resolve("deploy");
    Process lint = new ProcessBuilder(WORK.resolve("node_modules/.bin/dclint").toString(),
        "-c", deploy.resolve(".dclintrc").toString(), deploy.resolve("compose.yml").toString())
        .redirectErrorStream(true).start();
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(lint.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).as("dclint output").doesNotContain("error").doesNotContain("warning");
    assertThat(lint.exitValue()).as(output).isZero();
  }
}
