package io.kloggregator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks loopback TCP ports that are free now, so that two stacks (two test runs, a test beside
 * the local run) never collide. There is a window between picking and binding: servers that can
 * bind port 0 themselves do that instead, and a child process told its port retries on a clash
 * ({@link PortBinding}).
 */
public final class FreePorts {

  private FreePorts() {
  }

  /** A port free on 127.0.0.1 at the time of the call. */
  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
