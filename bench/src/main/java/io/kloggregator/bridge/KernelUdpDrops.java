package io.kloggregator.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Datagrams the kernel dropped at a local UDP port because the socket's receive buffer was full:
 * the {@code drops} column of {@code /proc/net/udp} (and {@code udp6}), summed over the sockets
 * bound to the port. Lets a test tell kernel loss from loss in the bridge.
 */
final class KernelUdpDrops {

  private KernelUdpDrops() {
  }

  static long atPort(int port) {
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    return sum(Path.of("/proc/net/udp"), hexPort) + sum(Path.of("/proc/net/udp6"), hexPort);
  }

  private static long sum(Path table, String hexPort) {
    if (!Files.exists(table)) {
      return 0;
    }
    try {
      List<String> lines = Files.readAllLines(table);
      long drops = 0;
      for (String line : lines.subList(1, lines.size())) {
        String[] cols = line.trim().split("\\s+");
        if (cols[1].endsWith(hexPort)) {
          drops += Long.parseLong(cols[cols.length - 1]);
        }
      }
      return drops;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + table, e);
    }
  }
}
