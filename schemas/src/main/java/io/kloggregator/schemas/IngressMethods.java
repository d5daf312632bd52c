package io.kloggregator.schemas;

import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.kloggregator.schemas.v2.BatchSenderResponse;
import io.kloggregator.schemas.v2.IngressResponse;
import io.kloggregator.schemas.v2.SendResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Cloud Foundry's {@code loggregator.v2.Ingress} methods ({@code ingress.proto}) for grpc-java,
 * written once for the agent (a client of {@code Send}) and the bridge (a server of all three).
 * Requests travel as bytes: the agent encodes its {@code EnvelopeBatch} itself, the bridge
 * decodes each envelope on its own. Responses are the (empty) protobuf messages.
 */
public final class IngressMethods {

  public static final String SERVICE = "loggregator.v2.Ingress";

  /** A request as its encoded bytes, unchanged both ways. */
  public static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /** A stream of {@code Envelope}s, answered once. */
  public static final MethodDescriptor<byte[], IngressResponse> SENDER =
      method("Sender", MethodDescriptor.MethodType.CLIENT_STREAMING,
          IngressResponse.getDefaultInstance());
  /** A stream of {@code EnvelopeBatch}es, answered once. */
  public static final MethodDescriptor<byte[], BatchSenderResponse> BATCH_SENDER =
      method("BatchSender", MethodDescriptor.MethodType.CLIENT_STREAMING,
          BatchSenderResponse.getDefaultInstance());
  /** One {@code EnvelopeBatch}. */
  public static final MethodDescriptor<byte[], SendResponse> SEND =
      method("Send", MethodDescriptor.MethodType.UNARY, SendResponse.getDefaultInstance());

  private IngressMethods() {
  }

  private static <R extends com.google.protobuf.Message> MethodDescriptor<byte[], R> method(
      String name, MethodDescriptor.MethodType type, R response) {
    return MethodDescriptor.<byte[], R>newBuilder(BYTES, ProtoUtils.marshaller(response))
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setType(type).build();
  }
}
