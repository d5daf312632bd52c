package io.kloggregator.bridge;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramChannelConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoll receive path ({@code KLOGGREGATOR_BRIDGE_UDP_TRANSPORT=epoll}, and {@code auto}
 * where Netty's native library loads): {@code threads} sockets bound to the same port with
 * SO_REUSEPORT, each read by its own event loop thread with {@code recvmmsg}, up to
 * {@link #DATAGRAMS_PER_READ} datagrams per system call into 64 KiB slots, so no datagram is cut
 * short. Each socket gets the configured SO_RCVBUF; kernel drops stay per socket in
 * {@code /proc/net/udp}, where the port's rows are summed.
 *
 * <p>Ordering: the kernel hashes each datagram's 4-tuple to one of the port's sockets, so all
 * datagrams of one sender socket are read by one thread, in order, and reach
 * {@link EnvelopeIntake} in order: an app's lines from one agent socket keep their order. Lines
 * of one app sent from two sender sockets may interleave differently than they were sent (as UDP
 * never promised otherwise). {@link EnvelopeIntake}, {@link BridgeMetrics} and the
 * {@link LineBuffer} behind it are thread-safe; each socket's {@link DatagramReader} holds its
 * own receive array.
 *
 * <p>Lifecycle: {@link #bind} (the port is first claimed by a socket without SO_REUSEPORT, so a
 * port held by anyone, another bridge included, fails there), {@link #start}, {@link #close}.
 */
final class EpollUdpReceiver implements UdpListener {

  private static final Logger LOG = LoggerFactory.getLogger(EpollUdpReceiver.class);
  /** Datagrams one {@code recvmmsg} may return: 8 slots of 64 KiB, under Netty's 1 MiB pool. */
  static final int DATAGRAMS_PER_READ = 8;

  private final EventLoopGroup loops;
  private final List<Channel> channels;
  private final int port;

  private EpollUdpReceiver(EventLoopGroup loops, List<Channel> channels, int port) {
    this.loops = loops;
    this.channels = List.copyOf(channels);
    this.port = port;
  }

  /**
   * Binds {@code threads} sockets to {@code host:port}; a busy port fails here with the same
   * message as the NIO path. Requires {@code Epoll.isAvailable()}.
   */
  static EpollUdpReceiver bind(String host, int port, int receiveBufferBytes, int threads,
      EnvelopeIntake intake, BridgeMetrics metrics) {
    int claimed = claim(host, port);
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(threads,
        new DefaultThreadFactory("bridge-udp-" + claimed, true), EpollIoHandler.newFactory());
    List<Channel> channels = new ArrayList<>(threads);
    try {
      Bootstrap bootstrap = bootstrap(loops, receiveBufferBytes, intake, metrics);
      InetSocketAddress address = new InetSocketAddress(host, claimed);
      for (int i = 0; i < threads; i++) {
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
          throw UdpListener.bindFailure(host, port, bound.cause());
        }
        channels.add(bound.channel());
      }
      UdpListener.warnIfCapped(LOG,
          ((DatagramChannelConfig) channels.get(0).config()).getReceiveBufferSize(),
          receiveBufferBytes);
      return new EpollUdpReceiver(loops, channels, claimed);
    } catch (RuntimeException e) {
      release(loops, channels);
      throw e;
    }
  }

  private static Bootstrap bootstrap(EventLoopGroup loops, int receiveBufferBytes,
      EnvelopeIntake intake, BridgeMetrics metrics) {
    return new Bootstrap().group(loops).channel(EpollDatagramChannel.class)
        .option(EpollChannelOption.SO_REUSEPORT, true)
        .option(ChannelOption.SO_RCVBUF, receiveBufferBytes)
        .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
        .option(ChannelOption.RCVBUF_ALLOCATOR,
            new FixedRecvByteBufAllocator(MAX_DATAGRAM * DATAGRAMS_PER_READ))
        .option(ChannelOption.AUTO_READ, false)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            channel.pipeline().addLast(new DatagramReader(intake, metrics));
          }
        });
  }

  /**
   * Binds and releases a plain socket (no SO_REUSEPORT) on {@code host:port} and returns its
   * port: it fails while anyone holds the port, where a SO_REUSEPORT bind would silently share
   * it with another socket of the same user, and for port 0 the kernel picks a port nobody
   * holds (a SO_REUSEPORT socket could be given a port another one of this user holds). A socket
   * taking the port between the probe and the bind fails the bind, with the same message.
   */
  private static int claim(String host, int port) {
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(new InetSocketAddress(host, port));
      return ((InetSocketAddress) probe.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw UdpListener.bindFailure(host, port, e);
    }
  }

  @Override
  public void start() {
    for (Channel channel : channels) {
      channel.config().setAutoRead(true);
    }
    LOG.info("listening for envelopes on udp {} (epoll, {} SO_REUSEPORT sockets and threads, "
        + "up to {} datagrams per recvmmsg)", channels.get(0).localAddress(), channels.size(),
        DATAGRAMS_PER_READ);
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void close() {
    release(loops, channels);
  }

  private static void release(EventLoopGroup loops, List<Channel> channels) {
    for (Channel channel : channels) {
      channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
