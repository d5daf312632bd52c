package io.kloggregator.agent;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.kloggregator.schemas.envelopes.EnvelopeMapping;
import io.kloggregator.schemas.proto.LogMessage;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends lines as v2 log envelopes ({@link EnvelopeMapping#toV2}: source id = app id, instance
 * id, OUT/ERR, the read time) in {@code EnvelopeBatch}es to the bridges' v2 gRPC ingress over
 * mutual TLS: one channel and one {@link GrpcLane} per endpoint, each app's lines to the lane
 * chosen by a hash of its app id (as {@link UdpEmitter} does), so an app's order is kept and apps
 * spread over all bridges. Each line is encoded once, on the offering thread. {@link #offer} may
 * be called from any thread and never blocks.
 */
final class GrpcEmitter implements LineEmitter {

  private final List<GrpcLane> lanes = new ArrayList<>();

  /**
   * Opens a channel to every endpoint (connected lazily, on the first batch).
   *
   * @throws IllegalStateException when the certificate, key or CA file cannot be used
   */
  GrpcEmitter(List<InetSocketAddress> endpoints, AgentConfig.Grpc tls, GrpcLane.Shared shared) {
    SslContext context = clientContext(tls);
    for (InetSocketAddress endpoint : endpoints) {
      ManagedChannel channel = NettyChannelBuilder
          .forAddress(endpoint.getHostString(), endpoint.getPort())
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

  /** Closes every lane (each sends what it holds first, for up to 5 s). */
  @Override
  public void close() {
    lanes.forEach(GrpcLane::close);
  }
}
