package io.kloggregator.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time the benchmark's three JVMs (gateway, broker, this load/client JVM) use over a measured
 * window, with the machine's load average at both ends. CPU per frame is far less sensitive to
 * other work on a shared machine than wall-clock latency is.
 */
final class CpuWindow {

  private final BenchGatewayProcess gateway;
  private final long began = System.nanoTime();
  private final double gatewayBefore;
  private final double brokerBefore;
  private final double selfBefore;
  private final double loadBefore = loadAverage();

  CpuWindow(BenchGatewayProcess gateway) {
    this.gateway = gateway;
    this.gatewayBefore = gateway.cpuSeconds();
    this.brokerBefore = cpuSeconds(broker());
    this.selfBefore = cpuSeconds(Optional.of(ProcessHandle.current()));
  }

  /** One line: cores used by each JVM over the window, gateway CPU per frame, load averages. */
  String report(double gatewayFrames) {
    double wall = (System.nanoTime() - began) / 1e9;
    double gatewayCpu = gateway.cpuSeconds() - gatewayBefore;
    double brokerCpu = cpuSeconds(broker()) - brokerBefore;
    double selfCpu = cpuSeconds(Optional.of(ProcessHandle.current())) - selfBefore;
    return String.format("cores used over %.1f s: gateway %.2f, broker %.2f, load+clients %.2f;"
        + " gateway CPU %.1f us per frame sent; load average %.2f before, %.2f after (%d cores)",
        wall, gatewayCpu / wall, brokerCpu / wall, selfCpu / wall,
        gatewayCpu * 1e6 / Math.max(1, gatewayFrames), loadBefore, loadAverage(),
        Runtime.getRuntime().availableProcessors());
  }

  /** The broker JVM the local stack started as a child of this one. */
  private static Optional<ProcessHandle> broker() {
    return ProcessHandle.current().descendants()
        .filter(p -> commandLine(p).contains("kafka.Kafka"))
        .findFirst();
  }

  /** Read from /proc: {@code ProcessHandle.Info} leaves out a command line this long. */
  private static String commandLine(ProcessHandle process) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"),
          StandardCharsets.ISO_8859_1);
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  private static double cpuSeconds(Optional<ProcessHandle> process) {
    return process.flatMap(p -> p.info().totalCpuDuration())
        .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
