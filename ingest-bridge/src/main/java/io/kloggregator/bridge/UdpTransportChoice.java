package io.kloggregator.bridge;

import io.kloggregator.bridge.BridgeConfig.UdpTransport;
import io.netty.channel.epoll.Epoll;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code KLOGGREGATOR_BRIDGE_UDP_TRANSPORT} to the receive path this host can run and
 * binds it: {@code auto} is epoll when Netty's native library loads, else NIO with one INFO line
 * saying why; {@code epoll} where it does not load fails the start. Asks whether epoll loads only
 * when the answer matters. Called once per bridge start, from that thread.
 */
final class UdpTransportChoice {

  private static final Logger LOG = LoggerFactory.getLogger(UdpTransportChoice.class);

  private final BooleanSupplier epollAvailable;
  private final Supplier<Throwable> epollUnavailableCause;

  /**
   * @param epollAvailable whether Netty's native epoll transport loads here
   * @param epollUnavailableCause why not, when it does not
   */
  UdpTransportChoice(BooleanSupplier epollAvailable, Supplier<Throwable> epollUnavailableCause) {
    this.epollAvailable = epollAvailable;
    this.epollUnavailableCause = epollUnavailableCause;
  }

  /** Asks Netty ({@link Epoll#isAvailable()}), which loads the native library on first call. */
  static UdpTransportChoice ofNetty() {
    return new UdpTransportChoice(Epoll::isAvailable, Epoll::unavailabilityCause);
  }

  /**
   * {@link UdpTransport#EPOLL} or {@link UdpTransport#NIO}, never {@code AUTO}.
   *
   * @throws IllegalStateException when epoll is asked for and does not load, naming the cause
   */
  UdpTransport resolve(UdpTransport requested) {
    if (requested == UdpTransport.NIO) {
      return UdpTransport.NIO;
    }
    if (epollAvailable.getAsBoolean()) {
      return UdpTransport.EPOLL;
    }
    if (requested == UdpTransport.EPOLL) {
      throw new IllegalStateException(BridgeConfig.UDP_TRANSPORT.name() + "=epoll, but Netty's "
          + "native epoll transport does not load here (" + cause() + "): set auto or nio");
    }
    LOG.info("UDP transport auto: NIO, one receive thread; Netty's native epoll transport does "
        + "not load here ({})", cause());
    return UdpTransport.NIO;
  }

  /** Binds the resolved receive path on the listeners' host and UDP port. */
  UdpListener bind(BridgeConfig.Listeners listeners, EnvelopeIntake intake,
      BridgeMetrics metrics) {
    BridgeConfig.UdpReceive receive = listeners.udpReceive();
    if (resolve(receive.transport()) == UdpTransport.EPOLL) {
      return EpollUdpReceiver.bind(listeners.host(), listeners.udpPort(),
          listeners.receiveBufferBytes(), receive.threads(), intake, metrics);
    }
    return UdpReceiver.bind(listeners.host(), listeners.udpPort(),
        listeners.receiveBufferBytes(), intake, metrics);
  }

  private String cause() {
    Throwable cause = epollUnavailableCause.get();
    return cause == null ? "no reason given" : cause.toString();
  }
}
