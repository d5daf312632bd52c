package io.kloggregator.testkit;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.proto.LogMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

/**
 * Sends signed lines to a port on 127.0.0.1, one envelope per datagram, as the agent does: the
 * ingest bridge's tests and benchmarks use it in place of a real agent. Not thread-safe; close it
 * when done.
 */
public final class TestUdpSender implements AutoCloseable {

  private final DatagramSocket socket;
  private final EnvelopeCodec codec;
  private final int port;

  public TestUdpSender(EnvelopeCodec codec, int port) {
    this.codec = codec;
    this.port = port;
    try {
      this.socket = new DatagramSocket();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An OUT line of source App/0 stamped {@code timestampNanos}. */
  public static LogMessage line(String app, String text, long timestampNanos) {
    return LogMessage.newBuilder().setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(LogMessage.MessageType.OUT).setTimestamp(timestampNanos).setAppId(app)
        .setSourceName("App").setSourceId("0").build();
  }

  /** Signs {@code message} with HMAC and sends it. */
  public void send(LogMessage message) {
    send(codec.encode(message, SignatureMode.HMAC));
  }

  /** Sends {@code datagram} as it is. */
  public void send(byte[] datagram) {
    try {
      socket.send(new DatagramPacket(datagram, datagram.length,
          InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
