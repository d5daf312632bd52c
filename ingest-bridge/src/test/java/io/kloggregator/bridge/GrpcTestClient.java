package io.kloggregator.bridge;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.kloggregator.testkit.TestPki;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * A grpc-java channel to the bridge's v2 ingress on loopback, presenting one of {@link TestPki}'s
 * client certificates (or none). Thread-safe, as its channel; close it when done.
 */
final class GrpcTestClient implements AutoCloseable {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final ManagedChannel channel;

  private GrpcTestClient(ManagedChannel channel) {
    this.channel = channel;
  }

  /** A channel to {@code port} presenting {@code identity}'s certificate (null: none). */
  static GrpcTestClient of(int port, TestPki pki, String identity) {
    try {
      SslContextBuilder tls = GrpcSslContexts.forClient()
          .trustManager(pki.path("ca.pem").toFile());
      if (identity != null) {
        tls.keyManager(pki.path(identity + ".pem").toFile(),
            pki.path(identity + ".key").toFile());
      }
      return new GrpcTestClient(NettyChannelBuilder.forAddress("localhost", port)
          .sslContext(tls.build()).build());
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One unary call with a 30 s deadline; a status other than OK is thrown. */
  void unary(MethodDescriptor<byte[], ?> method, byte[] request) {
    unary(method, request, DEADLINE);
  }

  /** One unary call with {@code deadline}; a status other than OK is thrown. */
  void unary(MethodDescriptor<byte[], ?> method, byte[] request, Duration deadline) {
    ClientCalls.blockingUnaryCall(channel, method,
        CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS),
        request);
  }

  /** One client-streaming call of {@code messages}, waiting for its answer (30 s at most). */
  <R> void stream(MethodDescriptor<byte[], R> method, List<byte[]> messages) throws Exception {
    CompletableFuture<R> answer = new CompletableFuture<>();
    StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(
        channel.newCall(method,
            CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)),
        new StreamObserver<R>() {
          @Override
          public void onNext(R value) {
            answer.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            answer.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            answer.complete(null);
          }
        });
    messages.forEach(requests::onNext);
    requests.onCompleted();
    answer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
