package io.kloggregator.agent;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.kloggregator.schemas.envelopes.EnvelopeMapping;
import io.kloggregator.schemas.proto.LogMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends lines as v2 log envelopes ({@link EnvelopeMapping#toV2}: source id = app id, instance
 * id, OUT/ERR, the read time) in {@code EnvelopeBatch}es to the bridges' v2 gRPC ingress over
 * mutual TLS: one channel and one {@link GrpcLane} per endpoint, each app's lines to the lane
 * chosen by a hash of its app id (as {@link SignedEmitter} does), so an app's order is kept and
 * apps spread over all bridges. Each line is encoded once, on the offering thread. The channels'
 * TLS and socket I/O runs on the emitter's own thread ({@code agent-grpc-io}), not on grpc-java's
 * shared one, so its CPU is the agent's. {@link #offer} may be called from any thread and never
 * blocks.
 */
final class GrpcEmitter implements LineEmitter {

  private final List<GrpcLane> lanes = new ArrayList<>();
  private final EventLoopGroup io;

  /**
   * Opens a channel to every endpoint (connected lazily, on the first batch).
   *
   * @throws IllegalStateException when the certificate, key or CA file cannot be used
   */
  GrpcEmitter(List<InetSocketAddress> endpoints, AgentConfig.Grpc tls, GrpcLane.Shared shared) {
    SslContext context = clientContext(tls);
    AtomicInteger threads = new AtomicInteger();
    io = new MultiThreadIoEventLoopGroup(1, r -> {
      Thread t = new Thread(r, "agent-grpc-io-" + threads.getAndIncrement());
      t.setDaemon(true);
      return t;
    }, NioIoHandler.newFactory());
    for (InetSocketAddress endpoint : endpoints) {
      ManagedChannel channel = NettyChannelBuilder
          .forAddress(endpoint.getHostString(), endpoint.getPort())
          .eventLoopGroup(io).channelType(NioSocketChannel.class)
          .sslContext(context).build();
      lanes.add(new GrpcLane(lanes.size(), endpoint, channel, shared));
    }
  }

  private static SslContext clientContext(AgentConfig.Grpc tls) {
    try {
      return GrpcSslContexts.forClient().trustManager(tls.ca().toFile())
          .keyManager(tls.cert().toFile(), tls.key().toFile()).build();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("gRPC transport: cannot use certificate " + tls.cert()
          + ", key " + tls.key() + " or CA " + tls.ca() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void start() {
    lanes.forEach(GrpcLane::start);
  }

  @Override
  public void offer(LogMessage line) {
    lanes.get(Math.floorMod(line.getAppId().hashCode(), lanes.size()))
        .offer(EnvelopeMapping.toV2(line).toByteArray());
  }

  /** Closes every lane (each sends what it holds first, for up to 5 s), then the I/O thread. */
  @Override
  public void close() {
    lanes.forEach(GrpcLane::close);
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
