package io.kloggregator.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** How many UDP sockets are bound to a local port: its rows in {@code /proc/net/udp(6)}. */
final class BoundUdpSockets {

  private BoundUdpSockets() {
  }

  static long atPort(int port) throws IOException {
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    return count(Path.of("/proc/net/udp"), hexPort) + count(Path.of("/proc/net/udp6"), hexPort);
  }

  private static long count(Path table, String hexPort) throws IOException {
    if (!Files.exists(table)) {
      return 0;
    }
    List<String> lines = Files.readAllLines(table);
    return lines.subList(1, lines.size()).stream()
        .map(line -> line.trim().split("\\s+")[1])
        .filter(local -> local.endsWith(hexPort)).count();
  }
}
