package io.kloggregator.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.testkit.NodeProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

  @Test
  void composeFileHasNoDclintProblems() throws Exception {
    NodeProject dclint = NodeProject.install(SOURCES, WORK, ".bin/dclint");
    Path deploy = ComposeFile.repositoryRoot().resolve("deploy");
    Process lint = new ProcessBuilder(dclint.work().resolve("node_modules/.bin/dclint").toString(),
        "-c", deploy.resolve(".dclintrc").toString(), deploy.resolve("compose.yml").toString())
        .redirectErrorStream(true).start();
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(lint.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).as("dclint output").doesNotContain("error").doesNotContain("warning");
    assertThat(lint.exitValue()).as(output).isZero();
  }
}
