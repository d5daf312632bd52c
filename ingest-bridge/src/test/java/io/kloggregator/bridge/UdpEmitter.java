package io.kloggregator.bridge;

import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.proto.LogMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

/** Test emitter: signs lines and sends one envelope per datagram to the bridge. */
final class UdpEmitter implements AutoCloseable {

  private final DatagramSocket socket;
  private final EnvelopeCodec codec;
  private final int port;

  UdpEmitter(EnvelopeCodec codec, int port) {
    this.codec = codec;
    this.port = port;
    try {
      this.socket = new DatagramSocket();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void send(LogMessage message) {
    send(codec.encode(message, SignatureMode.HMAC));
  }

  void send(byte[] datagram) {
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
