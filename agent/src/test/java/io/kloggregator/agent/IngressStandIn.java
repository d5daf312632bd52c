package io.kloggregator.agent;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.kloggregator.schemas.v2.Envelope;
import io.kloggregator.schemas.v2.EnvelopeBatch;
import io.kloggregator.schemas.v2.SendResponse;
import io.kloggregator.testkit.TestPki;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the bridge's v2 gRPC ingress (the agent module may not depend on
 * ingest-bridge): {@code loggregator.v2.Ingress/Send} over mutual TLS with a {@link TestPki},
 * recording every batch it answers, in order. It can be stopped and started again on the same
 * port. Thread-safe.
 */
final class IngressStandIn implements AutoCloseable {

  private static final MethodDescriptor<EnvelopeBatch, SendResponse> SEND = MethodDescriptor
      .<EnvelopeBatch, SendResponse>newBuilder(
          ProtoUtils.marshaller(EnvelopeBatch.getDefaultInstance()),
          ProtoUtils.marshaller(SendResponse.getDefaultInstance()))
      .setFullMethodName(MethodDescriptor.generateFullMethodName("loggregator.v2.Ingress", "Send"))
      .setType(MethodDescriptor.MethodType.UNARY).build();

  private final SslContext tls;
  private final List<EnvelopeBatch> batches = new ArrayList<>();
  private int port;
  private Server server;

  IngressStandIn(TestPki pki) {
    try {
      tls = GrpcSslContexts.forServer(pki.path("server.pem").toFile(),
          pki.path("server.key").toFile()).trustManager(pki.path("ca.pem").toFile())
          .clientAuth(ClientAuth.REQUIRE).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    start();
  }

  /** Listens (again) on 127.0.0.1, on the port of the first start. */
  synchronized void start() {
    ServerServiceDefinition service = ServerServiceDefinition.builder("loggregator.v2.Ingress")
        .addMethod(SEND, ServerCalls.asyncUnaryCall((batch, responses) -> {
          synchronized (this) {
            batches.add(batch);
          }
          responses.onNext(SendResponse.getDefaultInstance());
          responses.onCompleted();
        })).build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .sslContext(tls).addService(service).build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = server.getPort();
  }

  /** Stops listening and drops open connections. */
  synchronized void stop() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** The batches answered so far, in the order they came. */
  synchronized List<EnvelopeBatch> batches() {
    return List.copyOf(batches);
  }

  /** Every envelope answered so far, in order. */
  synchronized List<Envelope> envelopes() {
    return batches.stream().flatMap(b -> b.getBatchList().stream()).toList();
  }

  @Override
  public void close() {
    stop();
  }
}
