package io.kloggregator.local.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time of the pipeline's components running in this JVM, told apart by thread name (each
 * component names its threads). Threads that end between two samples are not counted, so the
 * figures are lower bounds; all the components' threads here live for the whole run.
 */
final class ComponentCpu {

  record Group(String component, Pattern threadName) {
  }

  static final String BENCH = "bench (writer, tail clients, plain consumer)";
  static final List<Group> GROUPS = List.of(
      new Group("agent", Pattern.compile("^(agent-|instances-watcher).*")),
      new Group("ingest-bridge", Pattern.compile(
          "^(bridge-|kafka-producer-network-thread \\| kloggregator-bridge).*")),
      new Group("streams-router", Pattern.compile(".*(kloggregator-router|rocksdb|router-).*")),
      new Group("gateway", Pattern.compile(
          "^(vert\\.x-|gateway-|kafka-coordinator-heartbeat-thread \\| kloggregator-gateway).*")),
      new Group(BENCH, Pattern.compile("^(system-bench|HttpClient-).*")));
  static final String OTHER = "other (JVM, etcd client, Kafka admin)";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  /** Whether {@code component} is one of the pipeline's (not the bench's own threads). */
  static boolean isPipeline(String component) {
    return !component.equals(BENCH);
  }

  /** CPU nanoseconds per component so far. */
  Map<String, Long> sample() {
    Map<String, Long> byComponent = new LinkedHashMap<>();
    GROUPS.forEach(g -> byComponent.put(g.component(), 0L));
    byComponent.put(OTHER, 0L);
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu < 0) {
        continue;
      }
      String component = GROUPS.stream()
          .filter(g -> g.threadName().matcher(info.getThreadName()).matches())
          .map(Group::component).findFirst().orElse(OTHER);
      byComponent.merge(component, cpu, Long::sum);
    }
    return byComponent;
  }

  /** {@code after - before} per component, in CPU-seconds. */
  static Map<String, Double> secondsBetween(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    after.forEach((k, v) -> seconds.put(k, (v - before.getOrDefault(k, 0L)) / 1e9));
    return seconds;
  }
}
