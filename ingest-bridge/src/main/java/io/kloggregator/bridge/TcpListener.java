package io.kloggregator.bridge;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional TCP listener for emitters that want no loss on the wire: each envelope is preceded by
 * its length as a 4-byte big-endian unsigned integer (1..65535), no acknowledgement. A length out
 * of bounds is counted ({@code reason=bad_frame}) and closes that connection. One daemon thread
 * accepts and one serves each connection (at most {@link #MAX_CONNECTIONS}).
 */
final class TcpListener implements AutoCloseable {

  static final int MAX_FRAME = 65_535;
  static final int MAX_CONNECTIONS = 256;
  private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

  private final ServerSocket server;
  private final EnvelopeIntake intake;
  private final BridgeMetrics metrics;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  private TcpListener(ServerSocket server, EnvelopeIntake intake, BridgeMetrics metrics) {
    this.server = server;
    this.intake = intake;
    this.metrics = metrics;
    this.acceptor = new Thread(this::acceptLoop, "bridge-tcp-accept-" + server.getLocalPort());
    this.acceptor.setDaemon(true);
  }

  static TcpListener bind(String host, int port, EnvelopeIntake intake, BridgeMetrics metrics) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      try {
        server.bind(new InetSocketAddress(host, port), 128);
      } catch (IOException e) {
        server.close();
        throw e;
      }
      return new TcpListener(server, intake, metrics);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen for TCP on " + host + ":" + port
          + " (" + e.getMessage() + "): is another process using the port?", e);
    }
  }

  void start() {
    acceptor.start();
    LOG.info("listening for length-prefixed envelopes on tcp {}",
        server.getLocalSocketAddress());
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.warn("TCP accept failed, continuing: {}", e.toString());
        }
        continue;
      }
      if (connections.size() >= MAX_CONNECTIONS) {
        LOG.warn("refusing TCP connection from {}: {} already open",
            socket.getRemoteSocketAddress(), MAX_CONNECTIONS);
        closeQuietly(socket);
        continue;
      }
      connections.add(socket);
      Thread reader = new Thread(() -> serve(socket), "bridge-tcp-" + socket.getPort());
      reader.setDaemon(true);
      reader.start();
    }
  }

  private void serve(Socket socket) {
    byte[] frame = new byte[MAX_FRAME];
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(socket.getInputStream(), 64 * 1024))) {
      while (true) {
        int length = in.readInt();
        if (length < 1 || length > MAX_FRAME) {
          intake.rejectFrame(length);
          return;
        }
        in.readFully(frame, 0, length);
        metrics.received(true);
        intake.accept(frame, 0, length, socket.getInetAddress(), "tcp");
      }
    } catch (EOFException | SocketException closed) {
      // The emitter hung up (or we are closing): nothing was half-accepted.
    } catch (IOException e) {
      LOG.warn("TCP connection from {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
    } finally {
      connections.remove(socket);
      closeQuietly(socket);
    }
  }

  @Override
  public void close() {
    closeQuietly(server);
    connections.forEach(TcpListener::closeQuietly);
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("close failed: {}", e.toString());
    }
  }
}
