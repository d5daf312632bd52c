package io.kloggregator.bridge;

import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.SharedSecret;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.TestUdpSender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Sends a seeded stream of mutated envelopes with valid lines interleaved to a running bridge,
 * and works out, by decoding each datagram with the schemas' own codec before it is sent, what
 * the bridge must accept and reject by reason. The sender keeps at most {@link #WINDOW_BYTES}
 * (kernel accounting estimated generously) between what it sent and what the bridge counted as
 * received, so the socket buffer never overflows; kernel drops are still measured, not assumed.
 * Used by {@code BadInputIT} and {@code BadInputBenchmark}.
 */
final class FuzzCampaign {

  /** Bytes in flight; the bridge asks for a 4 MiB receive buffer (the kernel doubles it). */
  static final long WINDOW_BYTES = 1L << 20;
  /** Per-datagram kernel overhead assumed on top of the payload (skb truesize). */
  private static final int OVERHEAD_BYTES = 1024;
  private static final int VALID_APPS = 10;
  private static final String ACCEPTED = "accepted";

  /**
   * What was sent and what the bridge must show for it.
   *
   * @param outcomes by the codec's verdict: {@code accepted} or a reject reason tag (mutants only)
   * @param valid the interleaved valid lines, per app, in the order sent
   */
  record Result(long seed, long sent, long mutants, Map<String, Long> outcomes,
      Map<DatagramMutator.Kind, Long> kinds, Map<String, List<LogMessage>> valid,
      long kernelDrops, double seconds) {

    long validSent() {
      return valid.values().stream().mapToLong(List::size).sum();
    }

    long mutantsAccepted() {
      return outcomes.getOrDefault(ACCEPTED, 0L);
    }

    /** Expected rejects by reason tag. */
    Map<String, Long> rejects() {
      Map<String, Long> rejects = new TreeMap<>(outcomes);
      rejects.remove(ACCEPTED);
      return rejects;
    }
  }

  private final String secret;
  private final boolean acceptLegacy;
  private final String runId;
  private final Duration stallLimit;

  /**
   * @param runId unique per run; it prefixes every app id so runs on one broker do not mix
   * @param stallLimit how long the bridge may receive nothing before the run fails as a hang
   */
  FuzzCampaign(String secret, boolean acceptLegacy, String runId, Duration stallLimit) {
    this.secret = secret;
    this.acceptLegacy = acceptLegacy;
    this.runId = runId;
    this.stallLimit = stallLimit;
  }

  /** App ids of the valid interleaved lines. */
  List<String> validApps() {
    List<String> apps = new ArrayList<>();
    for (int i = 0; i < VALID_APPS; i++) {
      apps.add(runId + "-valid-" + i);
    }
    return apps;
  }

  /**
   * Sends {@code datagrams} datagrams to {@code port}, every {@code validEvery}-th a valid line,
   * and waits until {@code received} (the bridge's UDP receive counter, minus its value before)
   * plus kernel drops accounts for all of them.
   */
  Result run(long seed, int datagrams, int validEvery, int port, LongSupplier received)
      throws IOException {
    EnvelopeCodec oracle = new EnvelopeCodec(SharedSecret.of(secret), acceptLegacy);
    long now = System.currentTimeMillis() * 1_000_000;
    String[] fuzzApps = {runId + "-fuzz-0", runId + "-fuzz-1", runId + "-fuzz-2"};
    DatagramMutator mutator = new DatagramMutator(seed, secret, fuzzApps, now);
    List<String> validApps = validApps();
    Map<String, List<LogMessage>> valid = new LinkedHashMap<>();
    validApps.forEach(app -> valid.put(app, new ArrayList<>()));
    Map<String, Long> outcomes = new TreeMap<>();
    Map<DatagramMutator.Kind, Long> kinds = new EnumMap<>(DatagramMutator.Kind.class);
    long[] cost = new long[datagrams + 1];
    long base = received.getAsLong();
    long drops0 = KernelUdpDrops.atPort(port);
    long start = System.nanoTime();
    long mutants = 0;
    InetSocketAddress bridge = new InetSocketAddress("127.0.0.1", port);
    try (DatagramChannel channel = DatagramChannel.open()) {
      for (int i = 0; i < datagrams; i++) {
        byte[] datagram;
        if (i % validEvery == 0) {
          String app = validApps.get((i / validEvery) % VALID_APPS);
          LogMessage line = TestUdpSender.line(app, "valid " + i, now + i);
          valid.get(app).add(line);
          datagram = oracleChecked(oracle, line);
        } else {
          DatagramMutator.Mutant mutant = mutator.next();
          kinds.merge(mutant.kind(), 1L, Long::sum);
          EnvelopeCodec.Decoded verdict = oracle.decode(mutant.bytes(), 0, mutant.bytes().length);
          outcomes.merge(verdict.isAccepted() ? ACCEPTED : verdict.reason().tag(), 1L, Long::sum);
          datagram = mutant.bytes();
          mutants++;
        }
        cost[i + 1] = cost[i] + datagram.length + OVERHEAD_BYTES;
        awaitWindow(cost, i + 1, base, received, port, drops0, seed);
        // send(), not write(): write() sends nothing for an empty buffer.
        channel.send(ByteBuffer.wrap(datagram), bridge);
      }
    }
    awaitAllReceived(datagrams, base, received, port, drops0, seed);
    return new Result(seed, datagrams, mutants, outcomes, kinds, valid,
        KernelUdpDrops.atPort(port) - drops0, (System.nanoTime() - start) / 1e9);
  }

  private byte[] oracleChecked(EnvelopeCodec oracle, LogMessage line) {
    SignatureMode mode = line.getTimestamp() % 2 == 0 ? SignatureMode.HMAC : SignatureMode.BOTH;
    byte[] datagram = oracle.encode(line, mode);
    if (!oracle.decode(datagram, 0, datagram.length).isAccepted()) {
      throw new IllegalStateException("the codec refuses its own valid envelope");
    }
    return datagram;
  }

  /** Blocks until sending datagram {@code upTo} keeps the bytes in flight within the window. */
  private void awaitWindow(long[] cost, int upTo, long base, LongSupplier received, int port,
      long drops0, long seed) {
    long drops = 0;
    long lastSeen = -1;
    long lastProgress = System.nanoTime();
    int spins = 0;
    while (true) {
      long done = Math.min(upTo - 1, received.getAsLong() - base + drops);
      if (cost[upTo] - cost[(int) done] <= WINDOW_BYTES) {
        return;
      }
      if (done != lastSeen) {
        lastSeen = done;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > stallLimit.toNanos()) {
        throw new AssertionError("bridge received nothing for " + stallLimit + " after " + done
            + " datagrams (hang?); seed " + seed);
      }
      if (++spins % 1000 == 0) {
        drops = KernelUdpDrops.atPort(port) - drops0;
      }
      LockSupport.parkNanos(20_000);
    }
  }

  private void awaitAllReceived(int datagrams, long base, LongSupplier received, int port,
      long drops0, long seed) {
    long end = System.nanoTime() + stallLimit.toNanos();
    while (received.getAsLong() - base + KernelUdpDrops.atPort(port) - drops0 < datagrams) {
      if (System.nanoTime() > end) {
        throw new AssertionError("bridge received " + (received.getAsLong() - base) + " of "
            + datagrams + " datagrams within " + stallLimit + " (hang?); seed " + seed);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
