package io.kloggregator.bridge;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time from /proc (user + system clock ticks, 100 per second on Linux). */
final class CpuTicks {

  static final double MICROS_PER_TICK = 10_000;

  private CpuTicks() {
  }

  /** Ticks of this JVM's threads whose name starts with one of {@code prefixes}. */
  static long ofThreads(String... prefixes) {
    long total = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        String name = Files.readString(task.resolve("comm")).trim();
        for (String prefix : prefixes) {
          if (name.startsWith(prefix)) {
            total += ticks(Files.readString(task.resolve("stat")));
            break;
          }
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return total;
  }

  /** Ticks of a whole process (all its threads). */
  static long ofProcess(long pid) {
    try {
      return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
    } catch (IOException e) {
      return -1;
    }
  }

  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
