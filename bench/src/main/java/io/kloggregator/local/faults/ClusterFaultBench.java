package io.kloggregator.local.faults;

import io.kloggregator.local.LocalPipeline;
import io.kloggregator.testkit.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 18's broker faults at full size, run by {@code bench/faults/cluster.sh}: every
 * {@link ClusterFault} in turn on one {@link LocalPipeline} over a three-broker cluster (the
 * setup of {@code ClusterFaultsIT}, which runs them at CI size), each with fresh apps bound to a
 * drain. Writes the table rows to the file given after each scenario.
 * Arguments: {@code <rows file> [lines/s=10000] [apps=8] [warm-up s=10] [after s=10]
 * [outage s=3]}.
 */
public final class ClusterFaultBench {

  private static final int LOG_PARTITIONS = 12;

  private ClusterFaultBench() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: ClusterFaultBench <rows file> [lines/s] [apps] "
          + "[warm-up s] [after s] [outage s]");
    }
    Path rowsFile = Path.of(args[0]);
    FaultSizes sizes = new FaultSizes(FaultBench.intArg(args, 2, 8),
        FaultBench.intArg(args, 1, 10_000), Duration.ofSeconds(FaultBench.intArg(args, 3, 10)),
        Duration.ofSeconds(FaultBench.intArg(args, 4, 10)), Duration.ofMinutes(5),
        Duration.ofMinutes(5));
    Duration outage = Duration.ofSeconds(FaultBench.intArg(args, 5, 3));
    List<String> rows = new ArrayList<>(List.of(ClusterScenarioResult.TABLE_HEADER));
    try (LocalStack stack = LocalStack.startCluster(LOG_PARTITIONS, "1g");
        LocalPipeline pipeline = LocalPipeline.start(stack, LocalPipeline.Options.forTests())) {
      for (ClusterFault fault : ClusterFault.values()) {
        ClusterScenarioResult result = new ClusterFaultRun(pipeline, stack.cluster(),
            stack.etcdEndpoint(), stack.dir(), fault, sizes, outage).run(LOG_PARTITIONS);
        System.out.println(result);
        rows.add(result.markdownRow());
        Files.write(rowsFile, rows);
      }
    }
  }
}
