package io.kloggregator.agent.bench;

import io.kloggregator.agent.Agent;
import io.kloggregator.agent.AgentConfig;
import io.kloggregator.testkit.FakeWarden;
import io.kloggregator.testkit.TempDirs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Throughput of the agent: N app sockets (FakeWarden) written as fast as they accept 200-byte
 * lines, read by a real {@link Agent} and sent as signed UDP envelopes to a counting receiver on
 * loopback. Prints one markdown table row set: lines/s read, emitted and received, the CPU the
 * agent's own threads used, lines per agent CPU-second (the per-core figure), and heap. Not a
 * test; run by {@code bench/agent/run.sh}. Arguments: sockets, warm-up s, measured s, offered
 * lines/s in all (0 = as fast as the sockets take them).
 */
public final class AgentBench {

  private static final int LINE_BYTES = 200;
  private static final String SECRET = "bench-secret";

  private AgentBench() {
  }

  public static void main(String[] args) throws Exception {
    int sockets = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    long rate = args.length > 3 ? Long.parseLong(args[3]) : 0;
    Path dir = TempDirs.create("agent-bench");
    AtomicLong received = new AtomicLong();
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        FakeWarden warden = new FakeWarden(dir)) {
      socket.setReceiveBufferSize(8 * 1024 * 1024);
      Thread receiver = new Thread(() -> receive(socket, received), "bench-receiver");
      receiver.setDaemon(true);
      receiver.start();
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Agent agent = new Agent(AgentConfig.of(warden.instancesFile(), List.of(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort())),
          SECRET), registry, Clock.systemUTC());
      agent.start();
      List<FakeWarden.Instance> instances = new ArrayList<>();
      for (int i = 0; i < sockets; i++) {
        instances.add(warden.start("bench-app-" + (i % 4), i));
      }
      for (FakeWarden.Instance instance : instances) {
        instance.stdout().awaitReader(Duration.ofSeconds(30));
      }
      byte[] chunk = chunk();
      long linesPerChunk = chunk.length / LINE_BYTES;
      double nanosPerChunk = rate == 0 ? 0 : 1e9 * linesPerChunk * sockets / rate;
      List<Thread> writers = new ArrayList<>();
      for (FakeWarden.Instance instance : instances) {
        Thread writer = new Thread(() -> {
          long begin = System.nanoTime();
          for (long n = 1; !Thread.currentThread().isInterrupted(); n++) {
            instance.stdout().write(chunk);
            long wait = begin + (long) (n * nanosPerChunk) - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
          }
        }, "bench-writer-" + instance.index());
        writer.setDaemon(true);
        writer.start();
        writers.add(writer);
      }
      Thread.sleep(warmup * 1000L);
      Snapshot start = Snapshot.take(registry, received);
      Thread.sleep(seconds * 1000L);
      Snapshot end = Snapshot.take(registry, received);
      System.gc();
      long heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      writers.forEach(Thread::interrupt);
      System.out.printf(Locale.ROOT, "| offered rate | %s |%n",
          rate == 0 ? "unbounded (writers as fast as the sockets take lines)"
              : String.format(Locale.ROOT, "%,d lines/s in all", rate));
      report(sockets, seconds, start, end, heapAfterGc);
      System.out.println(threadBreakdown(start, end));
      agent.close();
    } finally {
      TempDirs.deleteRecursively(dir);
    }
  }

  /** 64 KiB-ish of 200-byte lines, each 199 printable bytes and LF. */
  private static byte[] chunk() {
    int lines = 64 * 1024 / LINE_BYTES;
    byte[] out = new byte[lines * LINE_BYTES];
    byte[] line = new byte[LINE_BYTES];
    Arrays.fill(line, (byte) 'x');
    byte[] prefix = "2026-11-25T10:00:00Z INFO request served path=/api/v1/items status=200 "
        .getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, line, 0, prefix.length);
    line[LINE_BYTES - 1] = '\n';
    for (int i = 0; i < lines; i++) {
      System.arraycopy(line, 0, out, i * LINE_BYTES, LINE_BYTES);
    }
    return out;
  }

  private static void receive(DatagramSocket socket, AtomicLong received) {
    byte[] buf = new byte[65_535];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    while (!socket.isClosed()) {
      try {
        socket.receive(packet);
        received.incrementAndGet();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static String threadBreakdown(Snapshot a, Snapshot b) {
    StringBuilder out = new StringBuilder("| CPU by thread (s) |");
    b.perThread.forEach((name, cpu) -> out.append(String.format(Locale.ROOT, " %s %.1f;", name,
        (cpu - a.perThread.getOrDefault(name, 0L)) / 1e9)));
    return out.append(" |").toString();
  }

  private record Snapshot(long nanos, double read, double emitted, double dropped,
      long received, long agentCpuNanos, long heapUsed, java.util.Map<String, Long> perThread) {

    static Snapshot take(PrometheusMeterRegistry registry, AtomicLong received) {
      return new Snapshot(System.nanoTime(), count(registry, "kloggregator.agent.lines.read"),
          count(registry, "kloggregator.agent.lines.emitted"),
          count(registry, "kloggregator.agent.lines.dropped"), received.get(), agentCpu(),
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), threadCpu());
    }

    private static double count(PrometheusMeterRegistry registry, String name) {
      return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static java.util.Map<String, Long> threadCpu() {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      java.util.Map<String, Long> out = new java.util.TreeMap<>();
      for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info != null) {
          String name = info.getThreadName().replaceAll("-\\d+$", "-N");
          out.merge(name, Math.max(threads.getThreadCpuTime(info.getThreadId()), 0), Long::sum);
        }
      }
      out.values().removeIf(v -> v < 50_000_000L);
      return out;
    }

    /** CPU time of the agent's own threads (readers, sender, owner, watcher, timer). */
    private static long agentCpu() {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long total = 0;
      for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info != null && (info.getThreadName().startsWith("agent-")
            || info.getThreadName().equals("instances-watcher"))) {
          long cpu = threads.getThreadCpuTime(info.getThreadId());
          total += Math.max(cpu, 0);
        }
      }
      return total;
    }
  }

  private static void report(int sockets, int seconds, Snapshot a, Snapshot b, long heapAfterGc) {
    double wall = (b.nanos - a.nanos) / 1e9;
    double cpu = (b.agentCpuNanos - a.agentCpuNanos) / 1e9;
    double read = b.read - a.read;
    double emitted = b.emitted - a.emitted;
    System.out.printf(Locale.ROOT, "| sockets | %d |%n", sockets);
    System.out.printf(Locale.ROOT, "| measured | %.1f s (after warm-up) |%n", wall);
    System.out.printf(Locale.ROOT, "| lines read | %,.0f lines/s |%n", read / wall);
    System.out.printf(Locale.ROOT, "| lines emitted (UDP) | %,.0f lines/s |%n", emitted / wall);
    System.out.printf(Locale.ROOT, "| datagrams received | %,.0f /s |%n",
        (b.received - a.received) / wall);
    System.out.printf(Locale.ROOT, "| dropped (queue full) | %,.0f |%n", b.dropped - a.dropped);
    System.out.printf(Locale.ROOT, "| agent threads CPU | %.2f cores (%.1f CPU-s in %.1f s) |%n",
        cpu / wall, cpu, wall);
    System.out.printf(Locale.ROOT,
        "| **lines emitted per agent CPU-second** | **%,.0f** (target >= 100,000) |%n",
        emitted / cpu);
    System.out.printf(Locale.ROOT, "| lines read per agent CPU-second | %,.0f |%n", read / cpu);
    System.out.printf(Locale.ROOT, "| heap used (end, before GC / after GC) | %d MiB / %d MiB |%n",
        b.heapUsed >> 20, heapAfterGc >> 20);
  }
}
