package io.kloggregator.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a benchmark ran on, in the one line every results file prints. */
public final class Machine {

  private Machine() {
  }

  /** Cores, CPU model, RAM, operating system and Java version. */
  public static String describe() {
    long ramGib = ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() >> 30;
    return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), " + ramGib
        + " GiB RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.version")
        + ", Java " + System.getProperty("java.version");
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU (" + e.getMessage() + ")";
    }
  }
}
