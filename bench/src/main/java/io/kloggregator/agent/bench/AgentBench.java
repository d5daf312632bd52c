package io.kloggregator.agent.bench;

import io.kloggregator.agent.Agent;
import io.kloggregator.agent.AgentConfig;
import io.kloggregator.bridge.BridgeConfig;
import io.kloggregator.bridge.IngestBridge;
import io.kloggregator.schemas.Topics;
import io.kloggregator.testkit.FakeWarden;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.TempDirs;
import io.kloggregator.testkit.TestPki;
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
import java.util.function.LongSupplier;

/**
 * Throughput of the agent: N app sockets (FakeWarden) written as fast as they accept 200-byte
 * lines, read by a real {@link Agent} and sent either as signed UDP envelopes to a counting
 * receiver on loopback ({@code udp}), or in v2 batches over gRPC with mutual TLS to a real
 * {@link IngestBridge} producing to a real broker ({@code grpc}: a KRaft child process, a PKI
 * made by openssl; "received" is then the lines whose batch the bridge answered, i.e. that Kafka
 * holds). Prints one markdown table row set: lines/s read, emitted and received, the CPU the
 * agent's own threads used, lines per agent CPU-second (the per-core figure), and heap. Not a
 * test; run by {@code bench/agent/run.sh}. Arguments: sockets, warm-up s, measured s, offered
 * lines/s in all (0 = as fast as the sockets take them), transport ({@code udp}, {@code tcp}
 * (a real bridge's TCP listener on a real broker; received = records Kafka acked) or
 * {@code grpc}, default udp), gRPC envelopes per batch (default 100).
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
    String transport = args.length > 4 ? args[4].toLowerCase(Locale.ROOT) : "udp";
    int batch = args.length > 5 ? Integer.parseInt(args[5]) : AgentConfig.DEFAULT_GRPC_BATCH;
    Path dir = TempDirs.create("agent-bench");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Target target = switch (transport) {
      case "grpc" -> Target.bridge(dir, batch, registry);
      case "tcp" -> Target.tcpBridge();
      case "udp" -> Target.udp(registry);
      default -> throw new IllegalArgumentException("transport must be udp, tcp or grpc");
    };
        FakeWarden warden = new FakeWarden(dir.resolve("dea"))) {
      Agent agent = new Agent(target.configure(AgentConfig.of(warden.instancesFile(),
          List.of(target.address()), SECRET)), registry, Clock.systemUTC());
      agent.start();
      LongSupplier received = target.received();
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
      System.out.printf(Locale.ROOT, "| transport | %s |%n", switch (transport) {
        case "grpc" -> "gRPC to a real ingest bridge and broker, " + batch
            + " envelopes per batch at most";
        case "tcp" -> "TCP stream (64 KiB writes) to a real ingest bridge and broker; received ="
            + " records Kafka acknowledged to the bridge";
        default -> "UDP to a counting receiver";
      });
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

  /** Where the agent sends: a counting UDP receiver, or a bridge with gRPC on a broker. */
  private record Target(InetSocketAddress address, AgentConfig.Grpc tls, LongSupplier received,
      List<AutoCloseable> parts, AgentConfig.Transport transport) implements AutoCloseable {

    static Target udp(PrometheusMeterRegistry registry) throws IOException {
      DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      socket.setReceiveBufferSize(8 * 1024 * 1024);
      AtomicLong received = new AtomicLong();
      Thread receiver = new Thread(() -> receive(socket, received), "bench-receiver");
      receiver.setDaemon(true);
      receiver.start();
      return new Target(new InetSocketAddress(InetAddress.getLoopbackAddress(),
          socket.getLocalPort()), null, received::get, List.of(socket::close),
          AgentConfig.Transport.UDP);
    }

    /** A broker, a PKI and a bridge with gRPC; received = lines the bridge answered for. */
    static Target bridge(Path dir, int batch, PrometheusMeterRegistry registry) {
      LocalStack stack = LocalStack.start(new LocalStack.Options(
          LocalStack.KafkaMode.CHILD_PROCESS, 0, 0, Topics.DEFAULT_LOG_PARTITIONS, "1g"));
      TestPki pki = TestPki.create(dir.resolve("pki"));
      IngestBridge bridge = new IngestBridge(BridgeConfig.of(stack.bootstrapServers(), SECRET, 0)
          .withGrpc(BridgeConfig.Grpc.on(0, pki.path("server.pem"), pki.path("server.key"),
              pki.path("ca.pem"))));
      bridge.start();
      LongSupplier acked = () -> (long) count(registry, "kloggregator.agent.lines.emitted");
      return new Target(new InetSocketAddress("127.0.0.1", bridge.grpcPort()),
          AgentConfig.Grpc.tls(pki.path("client.pem"), pki.path("client.key"),
              pki.path("ca.pem")).withBatchSize(batch), acked, List.of(bridge, stack),
          AgentConfig.Transport.GRPC);
    }

    /** A broker and a bridge with its TCP listener; received = records Kafka acked. */
    static Target tcpBridge() {
      LocalStack stack = LocalStack.start(new LocalStack.Options(
          LocalStack.KafkaMode.CHILD_PROCESS, 0, 0, Topics.DEFAULT_LOG_PARTITIONS, "1g"));
      PrometheusMeterRegistry bridgeRegistry =
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      BridgeConfig config = BridgeConfig.of(stack.bootstrapServers(), SECRET, 0);
      IngestBridge bridge = new IngestBridge(config.withListeners(
          config.listeners().withTcpPort(0)), bridgeRegistry);
      bridge.start();
      LongSupplier acked = () -> (long) count(bridgeRegistry, "kloggregator.bridge.produced");
      return new Target(new InetSocketAddress("127.0.0.1", bridge.tcpPort()), null, acked,
          List.of(bridge, stack), AgentConfig.Transport.TCP);
    }

    AgentConfig configure(AgentConfig config) {
      if (tls != null) {
        return config.withGrpc(tls);
      }
      return config.withTransport(transport);
    }

    @Override
    public void close() throws Exception {
      for (AutoCloseable part : parts) {
        part.close();
      }
    }
  }

  private static double count(PrometheusMeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
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

    static Snapshot take(PrometheusMeterRegistry registry, LongSupplier received) {
      return new Snapshot(System.nanoTime(), count(registry, "kloggregator.agent.lines.read"),
          count(registry, "kloggregator.agent.lines.emitted"),
          count(registry, "kloggregator.agent.lines.dropped"), received.getAsLong(), agentCpu(),
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), threadCpu());
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
    System.out.printf(Locale.ROOT, "| lines emitted | %,.0f lines/s |%n", emitted / wall);
    System.out.printf(Locale.ROOT,
        "| received (UDP: datagrams; TCP: records Kafka acked; gRPC: lines in Kafka) |"
            + " %,.0f /s |%n",
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
