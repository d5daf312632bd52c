package io.kloggregator.testkit;

import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.SharedSecret;
import io.kloggregator.schemas.proto.LogMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real UDP receiver on 127.0.0.1:0 that decodes and verifies every envelope it gets, in place of
 * the ingest bridge in the agent's tests. One daemon thread receives; the queries are thread-safe.
 * Close it when done.
 */
public final class TestUdpReceiver implements AutoCloseable {

  private final DatagramSocket socket;
  private final EnvelopeCodec codec;
  private final List<LogMessage> messages = new CopyOnWriteArrayList<>();
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger legacySigned = new AtomicInteger();
  private final Thread thread;

  /** A receiver that accepts only envelopes signed the current way. */
  public TestUdpReceiver(String secret) {
    this(secret, false);
  }

  /** {@code acceptLegacy}: whether envelopes signed only the original way are accepted. */
  public TestUdpReceiver(String secret, boolean acceptLegacy) {
    try {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      socket.setReceiveBufferSize(4 * 1024 * 1024);
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    codec = new EnvelopeCodec(SharedSecret.of(secret), acceptLegacy);
    thread = new Thread(this::run, "udp-receiver");
    thread.setDaemon(true);
    thread.start();
  }

  /** Where to send. */
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
  }

  private void run() {
    byte[] buf = new byte[65_535];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    while (!socket.isClosed()) {
      try {
        socket.receive(packet);
      } catch (IOException e) {
        return;
      }
      EnvelopeCodec.Decoded decoded = codec.decode(buf, 0, packet.getLength());
      if (decoded.isAccepted()) {
        if (decoded.legacySigned()) {
          legacySigned.incrementAndGet();
        }
        messages.add(decoded.message());
      } else {
        rejected.incrementAndGet();
      }
    }
  }

  /** Every accepted message so far, in arrival order. */
  public List<LogMessage> messages() {
    return new ArrayList<>(messages);
  }

  /** Message texts (UTF-8) of the given app, type and source id, in arrival order. */
  public List<String> lines(String appId, LogMessage.MessageType type, String sourceId) {
    List<String> out = new ArrayList<>();
    for (LogMessage m : messages) {
      if (m.getAppId().equals(appId) && m.getMessageType() == type
          && m.getSourceId().equals(sourceId)) {
        out.add(m.getMessage().toStringUtf8());
      }
    }
    return out;
  }

  /** Accepted envelopes that carried only the original signature. */
  public int legacySigned() {
    return legacySigned.get();
  }

  /** Datagrams that did not decode or verify. */
  public int rejected() {
    return rejected.get();
  }

  @Override
  public void close() {
    socket.close();
  }
}
