package io.kloggregator.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private final Path results = TempDirs.create("bench-report-");
  private final Path logs = results.resolve("logs");

  @AfterEach
  void removeDirs() {
    TempDirs.deleteRecursively(results);
  }

  @Test
  void figuresAreReadFromThisRunsFilesAndJudgedAgainstTheirTargets() throws Exception {
    Files.createDirectories(logs);
    Files.writeString(results.resolve("agent.md"), """
        | **lines emitted per agent CPU-second** | **72,994** (target >= 100,000) |
        | **lines emitted per agent CPU-second** | **146,413** (target >= 100,000) |
        """);
    Files.writeString(logs.resolve("gateway.log"), "noise\nRESULT latency: 100 apps, offered "
        + "20000 lines/s; emit->client p50 45.58 ms, p99 758.34 ms, p99.9 1056.55 ms\n");
    Files.writeString(results.resolve("faults-pipeline.md"), """
        # Faults

        Prose that stays out of the report.

        | scenario | accepted | delivered |
        |---|---|---|
        | broker -9 | 100 | 100 |
        """);

    BenchReport.main(new String[] {results.toString(), logs.toString()});

    String report = Files.readString(results.resolve(BenchReport.MARKDOWN));
    assertThat(report)
        .contains("| agent: lines emitted per agent CPU-second (paced, 0 dropped) | 146,413 lines "
            + "| ≥ 100,000 lines | met | agent.md |")
        .contains("| 758.34 ms | ≤ 50 ms | **not met** | gateway.log |")
        .contains("| drains: TLS, one drain, to rsyslogd | – | ≥ 100,000 lines/s "
            + "| not measured in this run | drains.log |")
        .contains("| broker -9 | 100 | 100 |")
        .doesNotContain("Prose that stays out");
    assertThat(Files.readAllBytes(results.resolve(BenchReport.CHART)))
        .startsWith(0x89, 'P', 'N', 'G');
  }
}
