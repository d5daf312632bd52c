package io.kloggregator.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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

  @Test
  void filesLeftFromAnEarlierRunAreNotShownAsThisRunsFigures() throws Exception {
    Files.createDirectories(logs);
    Instant runStarted = Instant.parse("2026-12-01T20:00:00Z");
    Files.writeString(results.resolve("agent.md"),
        "| **lines emitted per agent CPU-second** | **146,413** (target >= 100,000) |\n");
    Files.writeString(results.resolve("bad-input.md"), "| old | table |\n");
    for (String name : new String[] {"agent.md", "bad-input.md"}) {
      Files.setLastModifiedTime(results.resolve(name),
          FileTime.from(runStarted.minusSeconds(3600)));
    }
    Files.writeString(results.resolve("faults-drains.md"), "| new | table |\n");

    BenchReport.main(new String[] {results.toString(), logs.toString(),
        Long.toString(runStarted.getEpochSecond())});

    String report = Files.readString(results.resolve(BenchReport.MARKDOWN));
    assertThat(report)
        .contains("| agent: lines emitted per agent CPU-second (paced, 0 dropped) | – "
            + "| ≥ 100,000 lines | not measured in this run | agent.md |")
        .contains("Not produced by this run (the file is from an earlier run, "
            + "2026-12-01T19:00:00Z)")
        .doesNotContain("| old | table |")
        .contains("| new | table |");
  }
}
