package io.kloggregator.bridge;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.kloggregator.schemas.IngressMethods;
import io.kloggregator.schemas.v2.BatchSenderResponse;
import io.kloggregator.schemas.v2.IngressResponse;
import io.kloggregator.schemas.v2.SendResponse;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Cloud Foundry's v2 ingress, {@code loggregator.v2.Ingress} ({@code ingress.proto} in
 * {@code schemas}) on grpc-java over mutual TLS: a sender must present a certificate that chains
 * to the configured CA, or its handshake fails. {@code Sender} takes a stream of envelopes,
 * {@code BatchSender} a stream of batches, {@code Send} one batch; each is answered (empty) once
 * Kafka holds every line of the call ({@link IngressCall}). Messages are taken as bytes and each
 * envelope decoded on its own ({@link V2Intake}); a message over 10 MiB (Cloud Foundry's bound) is
 * refused by gRPC with {@code RESOURCE_EXHAUSTED}.
 */
final class GrpcIngress implements AutoCloseable {

  static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

  private final Server server;

  private GrpcIngress(Server server) {
    this.server = server;
  }

  /**
   * Binds {@code host}:{@code config.port()} with mutual TLS and starts serving.
   *
   * @throws IllegalStateException with one clear message when the port is busy or a TLS file
   *     cannot be used
   */
  static GrpcIngress bind(String host, BridgeConfig.Grpc config, V2Intake intake,
      GrpcProducer producer) {
    SslContext tls;
    try {
      tls = GrpcSslContexts.forServer(config.cert().toFile(), config.key().toFile())
          .trustManager(config.ca().toFile()).clientAuth(ClientAuth.REQUIRE).build();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("gRPC ingress: cannot use certificate " + config.cert()
          + ", key " + config.key() + " or CA " + config.ca() + ": " + e.getMessage(), e);
    }
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, config.port()))
        .sslContext(tls).maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .addService(service(intake, producer)).build();
    try {
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException("gRPC ingress cannot listen on " + host + ":"
          + config.port() + ": " + e.getMessage(), e);
    }
    return new GrpcIngress(server);
  }

  static ServerServiceDefinition service(V2Intake intake, GrpcProducer producer) {
    return ServerServiceDefinition.builder(IngressMethods.SERVICE)
        .addMethod(IngressMethods.SENDER, ServerCalls.asyncClientStreamingCall(responses ->
            new IngressCall<>(responses, IngressResponse.getDefaultInstance(), intake::single,
                producer)))
        .addMethod(IngressMethods.BATCH_SENDER, ServerCalls.asyncClientStreamingCall(responses ->
            new IngressCall<>(responses, BatchSenderResponse.getDefaultInstance(), intake::batch,
                producer)))
        .addMethod(IngressMethods.SEND, ServerCalls.asyncUnaryCall((batch, responses) -> {
          IngressCall<SendResponse> call = new IngressCall<>(responses,
              SendResponse.getDefaultInstance(), intake::batch, producer);
          call.onNext(batch);
          call.onCompleted();
        }))
        .build();
  }

  int port() {
    return server.getPort();
  }

  /** Stops taking calls and waits up to 5 s for the running ones. */
  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
  }
}
