package io.kloggregator.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemReportTest {

  private static final SystemBench.PhaseResult PHASE = new SystemBench.PhaseResult(20_000, 15.0,
      300_000, 299_204, 3, 1, 40.5, 700.25, 1_000.5, 1_200, Map.of("agent", 0.25), 300L << 20,
      new SystemBench.Split(0.3, 1.2, 22.5, 35.0, 10.4, 20, 50, 6.25, 12, 87));

  @Test
  void reportShowsLossAndWhereTheTimeGoesPerRateAndWritesALatencyChart() throws Exception {
    Path dir = TempDirs.create("system-report-");
    try {
      SystemBench.Config config = new SystemBench.Config(dir, 15, new int[] {20_000}, 20,
          "latency");
      SystemBench.Result result = new SystemBench.Result(31.4, List.of(PHASE), 5.1, 14.9, 1000,
          300, 200L << 20);

      SystemReport.write(config, result, "1.00 1.00 1.00", dir + " 15 20000 20");

      String md = Files.readString(dir.resolve("latency.md"));
      assertThat(md).contains("| 20,000 | 300,000 | 299,204 | 796 | 3 | 1 | 40.50 | 700.25 "
          + "| 1000.50 | 1200.00 | 300 |");
      assertThat(md).contains("| agent | 0.25 |").contains("| 31.4 s |")
          .contains("`SystemBench " + dir + " 15 20000 20`");
      assertThat(md).contains("| 20,000 | 0.30 / 1.20 | 22.50 / 35.00 | 10.40 / 20.0 / 50.0 "
          + "| 40.50 / 700.25 | 18.00 / 665.25 | 6.3 | 12 / 87 |");
      byte[] png = Files.readAllBytes(dir.resolve("latency-latency.png"));
      assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    } finally {
      TempDirs.deleteRecursively(dir);
    }
  }

  @Test
  void configRefusesNonsense() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SystemBench.Config.parse(
        new String[] {"out", "15", "1000,0"})).isInstanceOf(IllegalArgumentException.class);
  }
}
