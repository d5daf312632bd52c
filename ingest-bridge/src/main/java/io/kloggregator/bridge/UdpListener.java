package io.kloggregator.bridge;

import org.slf4j.Logger;

/**
 * The emitter protocol's UDP listener, one envelope per datagram, handed to
 * {@link EnvelopeIntake}. Two receive paths implement it: {@link UdpReceiver} (NIO, one thread)
 * and {@link EpollUdpReceiver} (Netty's native epoll, several threads); {@link UdpTransportChoice}
 * picks one. Lifecycle: bound by its factory (a busy port fails there), then {@link #start},
 * then {@link #close}.
 */
interface UdpListener extends AutoCloseable {

  /** The largest UDP payload; every datagram fits one receive slot whole. */
  int MAX_DATAGRAM = 65_535;

  /** Starts handing datagrams to the intake; until then they wait in the socket buffers. */
  void start();

  /** The bound port (useful when configured as 0). */
  int port();

  /** Stops receiving and waits (5 s at most) for the receive threads to end. */
  @Override
  void close();

  /** The one start failure for a port that cannot be bound. */
  static IllegalStateException bindFailure(String host, int port, Throwable cause) {
    return new IllegalStateException("cannot listen for UDP on " + host + ":" + port
        + " (" + cause.getMessage() + "): is another process using the port?", cause);
  }

  /** Warns when the kernel granted a socket less receive buffer than requested. */
  static void warnIfCapped(Logger log, int granted, int requested) {
    if (granted < requested) {
      log.warn("UDP receive buffer is {} bytes, {} requested: raise net.core.rmem_max",
          granted, requested);
    }
  }
}
