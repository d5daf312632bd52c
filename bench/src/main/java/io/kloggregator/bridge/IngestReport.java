package io.kloggregator.bridge;

import io.kloggregator.testkit.Machine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Collects the benchmark's measurements and writes them as bench/results/ingest.md. */
final class IngestReport {

  /** One timed run: offered rate (0 = flat out), sent, counted in the topic, elapsed. */
  record Step(String path, long offeredPerSecond, long sent, long delivered, double seconds,
      String note, double cpuMicrosPerLine) {

    long lost() {
      return sent - delivered;
    }

    double deliveredPerSecond() {
      return delivered / seconds;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.0f | %.1f | %s | %s |",
          path, offeredPerSecond == 0 ? "flat out" : Long.toString(offeredPerSecond), sent,
          delivered, lost(), deliveredPerSecond(), seconds,
          Double.isNaN(cpuMicrosPerLine) ? "-" : String.format(Locale.ROOT, "%.1f",
              cpuMicrosPerLine), note);
    }
  }

  private final String command;
  private final double secondsPerStep;
  private final Map<String, String> producerOverrides;
  /** The bridge's UDP receive path in (b), as resolved on this machine. */
  private final BridgeConfig.UdpTransport udpTransport;
  private final int udpThreads;
  private final int senders;
  private final String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  private final String loadAtStart = load();
  private Step raw;
  private final List<Step> tunings = new ArrayList<>();
  private List<Step> udpAlone = List.of();
  private List<Step> bridge = List.of();
  private List<Step> rsyslog = List.of();
  private String rsyslogVersion = "";

  IngestReport(String command, double secondsPerStep, Map<String, String> producerOverrides,
      BridgeConfig.UdpTransport udpTransport, int udpThreads, int senders) {
    this.senders = senders;
    this.command = command;
    this.secondsPerStep = secondsPerStep;
    this.producerOverrides = new TreeMap<>(producerOverrides);
    this.udpTransport = udpTransport;
    this.udpThreads = udpThreads;
  }

  void raw(Step step) {
    raw = step;
    System.out.println(step);
  }

  void tuning(Step step) {
    tunings.add(step);
  }

  void udpAlone(List<Step> steps) {
    udpAlone = steps;
  }

  void bridge(List<Step> steps) {
    bridge = steps;
  }

  void rsyslog(List<Step> steps) {
    rsyslog = steps;
  }

  void rsyslogVersion(List<String> version) {
    rsyslogVersion = String.join(" ", version);
  }

  void write(Path out) throws IOException {
    List<String> md = new ArrayList<>();
    md.add("# Ingest benchmark (issue 4)");
    md.add("");
    md.add("- Date: " + started + " (UTC)");
    md.add("- Machine: " + Machine.describe() + "; load average at start " + loadAtStart
        + ", at end "
        + load() + " (other jobs share these cores)");
    md.add("- Command: `" + command + "`");
    md.add("- Broker: one KRaft broker as a separate JVM (testkit `ProcessKafka`, -Xmx1g) on the"
        + " same cores; every topic has 12 partitions.");
    md.add("- Records: serialized `LogMessage` values of exactly 200 bytes, keys = 100 app ids;"
        + " (b) sends them as HMAC-signed envelopes, one per datagram. rsyslog gets RFC 5424 lines"
        + " of 200 bytes and writes them unkeyed.");
    md.add("- Producer settings of (a) and (b): the bridge's (`ProducerSettings`), overrides "
        + (producerOverrides.isEmpty() ? "none" : producerOverrides.toString())
        + ". rsyslog omkafka: idempotent, lz4, linger 20 ms, 1 MiB batches.");
    md.add("- Bridge UDP receive of (b): " + (udpTransport == BridgeConfig.UdpTransport.EPOLL
        ? "epoll, " + udpThreads + " SO_REUSEPORT sockets and threads (recvmmsg)"
        : "NIO, one thread") + ".");
    md.add("- Senders of (u), (b) and (c): " + senders + " threads in the benchmark's JVM, each"
        + " with its own socket and its share of the apps (`" + IngestBenchmark.SENDERS_VARIABLE
        + "`). rsyslog imudp as rsyslog's high-performance example: threads 2, timeRequery 8,"
        + " batchSize 128 (recvmmsg; its docs advise threads up to the cores and batches up to"
        + " 128); its ruleset queue: 2 workers.");
    md.add("- (b) and (c): first flat out, then paced at the flat-out delivery rate, stepping down"
        + " by 15% until a step loses nothing; " + secondsPerStep + " s per step. Loss = datagrams"
        + " sent minus records counted in the topic (end offsets).");
    md.add("");
    md.add("| figure | measured | target |");
    md.add("|---|---|---|");
    Step rawBest = bestRaw();
    md.add(String.format(Locale.ROOT, "| (a) raw KafkaProducer, 200-byte records, best of its 3"
        + " flat-out runs with the bridge's settings | %s | broker's own limit (reference) |",
        rawBest == null ? "not measured" : rate(rawBest)));
    Step best = bestZeroLoss(bridge);
    md.add("| (b) UDP emitter -> bridge -> Kafka, highest rate with 0 loss | "
        + (best == null ? "no step without loss" : rate(best)) + " | >= 0.8 x (a) |");
    if (best != null && rawBest != null) {
      md.add(String.format(Locale.ROOT, "| ratio (b)/(a) | %.2f | >= 0.8 |",
          best.deliveredPerSecond() / rawBest.deliveredPerSecond()));
      md.add(String.format(Locale.ROOT, "| loss at (b)'s rate | %d of %d | 0 |", best.lost(),
          best.sent()));
    }
    if (!bridge.isEmpty()) {
      Step flat = bridge.get(0);
      md.add(String.format(Locale.ROOT, "| (b) flat out (emitter unpaced) | %s delivered, %.1f%%"
          + " lost | - |", rate(flat), 100.0 * flat.lost() / Math.max(1, flat.sent())));
    }
    Step sink = bestZeroLoss(udpAlone);
    if (sink != null) {
      md.add("| (u) baseline: same emitter -> Java UDP receiver that only counts, highest rate"
          + " with 0 loss | " + rate(sink) + " | - (what the JVM and kernel allow) |");
      if (best != null) {
        md.add(String.format(Locale.ROOT, "| (b)/(u) | %.2f | - |",
            best.deliveredPerSecond() / sink.deliveredPerSecond()));
      }
    }
    Step peer = bestZeroLoss(rsyslog);
    if (rsyslog.isEmpty()) {
      md.add("| (c) rsyslog imudp -> omkafka | not run (rsyslog-kafka not installed) | - |");
    } else {
      md.add("| (c) rsyslog imudp -> omkafka, highest rate with 0 loss | "
          + (peer == null ? "no step without loss" : rate(peer)) + " | - |");
      Step peerFlat = rsyslog.get(0);
      md.add(String.format(Locale.ROOT, "| (c) rsyslog flat out | %s delivered, %.1f%% lost | - |",
          rate(peerFlat), 100.0 * peerFlat.lost() / Math.max(1, peerFlat.sent())));
      if (peer != null && best != null) {
        md.add(String.format(Locale.ROOT, "| ours / rsyslog (0-loss rates) | %.2f | >= 1.5"
            + " (issue 20) |", best.deliveredPerSecond() / peer.deliveredPerSecond()));
        md.add(String.format(Locale.ROOT, "| CPU per line at the 0-loss step: bridge threads /"
            + " rsyslogd process (broker excluded) | %.1f us / %.1f us (ratio %.2f) | bridge <= 1.2"
            + " us and <= 1/3 of rsyslog's (issue 20) |",
            best.cpuMicrosPerLine(), peer.cpuMicrosPerLine(),
            best.cpuMicrosPerLine() / peer.cpuMicrosPerLine()));
      }
      md.add("");
      md.add("rsyslog: " + rsyslogVersion);
    }
    md.add("");
    md.add("## Producer tuning (raw producer, flat out, 2 s each, two rounds)");
    md.add("");
    md.add("| settings | round 1 records/s | round 2 records/s |");
    md.add("|---|---|---|");
    int half = tunings.size() / 2;
    for (int i = 0; i < half; i++) {
      md.add(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f |", tunings.get(i).path(),
          tunings.get(i).deliveredPerSecond(), tunings.get(i + half).deliveredPerSecond()));
    }
    md.add("");
    md.add("## Every step");
    md.add("");
    md.add("| path | offered rec/s | sent | in topic | lost | delivered rec/s | seconds"
        + " | CPU us/line | notes |");
    md.add("|---|---|---|---|---|---|---|---|---|");
    if (raw != null) {
      md.add(raw.toString());
    }
    udpAlone.forEach(s -> md.add(s.toString()));
    bridge.forEach(s -> md.add(s.toString()));
    rsyslog.forEach(s -> md.add(s.toString()));
    md.add("");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, String.join("\n", md));
  }

  /** The fastest raw run with the bridge's own settings: the main one and the sweep's. */
  private Step bestRaw() {
    List<Step> candidates = new ArrayList<>();
    if (raw != null) {
      candidates.add(raw);
    }
    tunings.stream().filter(s -> s.path().endsWith("(default)")).forEach(candidates::add);
    return candidates.stream().filter(s -> s.lost() == 0)
        .max(java.util.Comparator.comparingDouble(Step::deliveredPerSecond)).orElse(null);
  }

  private static Step bestZeroLoss(List<Step> steps) {
    return steps.stream().filter(s -> s.lost() == 0)
        .max(java.util.Comparator.comparingDouble(Step::deliveredPerSecond)).orElse(null);
  }

  private static String rate(Step step) {
    return String.format(Locale.ROOT, "%,.0f records/s (%.1f MB/s of values)",
        step.deliveredPerSecond(), step.deliveredPerSecond() * BenchRecords.RECORD_BYTES / 1e6);
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
