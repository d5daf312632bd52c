package io.kloggregator.agent;

import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.SharedSecret;
import io.kloggregator.schemas.proto.LogMessage.MessageType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * CPU cost of a reader's per-line work alone (split, build, sign, queue), without sockets or
 * UDP: one thread feeds 64 KiB chunks of 200-byte lines. The queue is never drained, so after it
 * fills every offer also drops the oldest. Not a test; run by {@code bench/agent/run.sh}.
 */
public final class LinePathBench {

  private LinePathBench() {
  }

  public static void main(String[] args) {
    AgentMetrics metrics = new AgentMetrics(new SimpleMeterRegistry());
    SignedEmitter emitter = new SignedEmitter(new UdpWire(List.of(new InetSocketAddress(
        InetAddress.getLoopbackAddress(), 9)), metrics, new RateLimitedLog(
        LoggerFactory.getLogger(LinePathBench.class), Duration.ofSeconds(10), System::nanoTime)),
        AgentConfig.DEFAULT_EMIT_QUEUE_CAPACITY, metrics,
        new EnvelopeCodec(SharedSecret.of("bench-secret"), false),
        EnvelopeCodec.SignatureMode.HMAC);
    LineEncoder.Emission emission = new LineEncoder.Emission(Clock.systemUTC(), emitter, metrics);
    LineSplitter splitter = new LineSplitter(AgentConfig.DEFAULT_MAX_LINE_BYTES, new LineEncoder(
        new AppInstance("bench-app-1", 3, 11, Path.of("/c")), MessageType.OUT, emission));
    byte[] chunk = new byte[327 * 200];
    Arrays.fill(chunk, (byte) 'x');
    for (int i = 199; i < chunk.length; i += 200) {
      chunk[i] = '\n';
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 8; round++) {
      long cpu = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < 600; i++) {
        splitter.feed(chunk, 0, chunk.length);
      }
      best = Math.min(best, (mx.getCurrentThreadCpuTime() - cpu) / (600.0 * 327));
    }
    emitter.close();
    System.out.printf(Locale.ROOT, "| reader work per line, no I/O (best of 8 rounds of 196,200 "
        + "lines) | %.0f ns CPU = %,.0f lines per CPU-second |%n", best, 1e9 / best);
  }
}
