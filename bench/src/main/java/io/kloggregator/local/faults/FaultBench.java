package io.kloggregator.local.faults;

import io.kloggregator.local.multiprocess.MultiProcessStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pipeline fault suite at full size, run by {@code bench/faults/run.sh}: every {@link Fault}
 * in turn on one {@link MultiProcessStack}, each with fresh apps. Writes the table rows to the
 * file given (after each scenario, so a later failure keeps the earlier rows).
 * Arguments: {@code <rows file> [lines/s=10000] [apps=8] [warm-up s=10] [after recovery s=10]}.
 */
public final class FaultBench {

  private FaultBench() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: FaultBench <rows file> [lines/s] [apps] "
          + "[warm-up s] [after recovery s] [faults, comma-separated, or all]");
    }
    Path rowsFile = Path.of(args[0]);
    int rate = intArg(args, 1, 10_000);
    int apps = intArg(args, 2, 8);
    FaultSizes sizes = new FaultSizes(apps, rate, Duration.ofSeconds(intArg(args, 3, 10)),
        Duration.ofSeconds(intArg(args, 4, 10)), Duration.ofMinutes(5), Duration.ofMinutes(5));
    List<String> rows = new ArrayList<>(List.of(ScenarioResult.TABLE_HEADER));
    try (MultiProcessStack stack = MultiProcessStack.start()) {
      for (Fault fault : faults(args.length > 5 ? args[5] : "all")) {
        stack.repair();
        ScenarioResult result = new FaultRun(stack, fault, sizes).run();
        System.out.println(result);
        rows.add(result.markdownRow());
        Files.write(rowsFile, rows);
      }
    }
  }

  private static List<Fault> faults(String list) {
    if (list.equals("all")) {
      return List.of(Fault.values());
    }
    return Arrays.stream(list.split(",")).map(String::trim).map(Fault::valueOf).toList();
  }

  static int intArg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }
}
