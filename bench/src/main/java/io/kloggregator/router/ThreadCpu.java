package io.kloggregator.router;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM split by thread group, for the benchmark: a snapshot of every live
 * thread's CPU time, and the difference between two snapshots summed per group (thread names
 * with digits and UUIDs folded, e.g. "…-StreamThread-#-producer"). Threads that are not Java
 * threads are read from Linux's {@code /proc/self/task} (10 ms ticks): garbage collector, JIT
 * compilers, RocksDB's flush and compaction threads; whatever is left is "other (native, vm)".
 */
final class ThreadCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long processNanos;
  private final Map<Long, Long> nanosById = new HashMap<>();
  private final Map<Long, String> groupById = new HashMap<>();
  private final Map<String, Long> nativeNanosByGroup = nativeThreads();

  private ThreadCpu() {
    this.processNanos = processCpuNanos();
    for (long id : THREADS.getAllThreadIds()) {
      var info = THREADS.getThreadInfo(id);
      long nanos = THREADS.getThreadCpuTime(id);
      if (info != null && nanos >= 0) {
        nanosById.put(id, nanos);
        groupById.put(id, group(info.getThreadName()));
      }
    }
  }

  static ThreadCpu snapshot() {
    return new ThreadCpu();
  }

  long processNanos() {
    return processNanos;
  }

  /** CPU nanoseconds per group between {@code before} and this snapshot, largest first. */
  Map<String, Long> since(ThreadCpu before) {
    Map<String, Long> byGroup = new TreeMap<>();
    long javaThreads = 0;
    for (var entry : nanosById.entrySet()) {
      long used = entry.getValue() - before.nanosById.getOrDefault(entry.getKey(), 0L);
      byGroup.merge(groupById.get(entry.getKey()), used, Long::sum);
      javaThreads += used;
    }
    long nativeThreads = 0;
    for (var entry : nativeNanosByGroup.entrySet()) {
      long used = entry.getValue() - before.nativeNanosByGroup.getOrDefault(entry.getKey(), 0L);
      byGroup.put(entry.getKey(), used);
      nativeThreads += used;
    }
    byGroup.put("other (native, vm)",
        (processNanos - before.processNanos) - javaThreads - nativeThreads);
    return byGroup;
  }

  /** CPU of the JVM's and RocksDB's own threads by group, from /proc; empty elsewhere. */
  private static Map<String, Long> nativeThreads() {
    Map<String, Long> byGroup = new TreeMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return byGroup;
    }
    try (var dirs = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) dirs::iterator) {
        try {
          String comm = Files.readString(task.resolve("comm")).trim();
          String group = comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? "gc"
              : comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? "jit"
              : comm.startsWith("rocksdb:") ? "rocksdb background (flush, compaction)" : null;
          if (group != null) {
            String stat = Files.readString(task.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            byGroup.merge(group, ticks * 10_000_000L, Long::sum);
          }
        } catch (IOException | RuntimeException gone) {
          // the thread ended while being read
        }
      }
    } catch (IOException e) {
      return byGroup;
    }
    return byGroup;
  }

  private static String group(String threadName) {
    return threadName
        .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
        .replaceAll("[0-9]+", "#");
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
