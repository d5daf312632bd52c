package io.kloggregator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks loopback TCP ports that are free now, so that two stacks (two test runs, a test beside
 * the local run) never collide. There is a window between picking and binding; servers that can
 * bind port 0 themselves should do that instead.
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

  /** {@code preferred} when it is free for UDP on 127.0.0.1, else any free UDP port. */
  public static int preferOrPickUdp(int preferred) {
    try (DatagramSocket socket = new DatagramSocket(preferred, InetAddress.getLoopbackAddress())) {
      return preferred;
    } catch (IOException busy) {
      try (DatagramSocket any = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        return any.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free loopback UDP port", e);
      }
    }
  }

  /** {@code preferred} when it is free on 127.0.0.1, else any free port. */
  public static int preferOrPick(int preferred) {
    try (ServerSocket socket = new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
      return preferred;
    } catch (IOException busy) {
      return pick();
    }
  }
}
