package io.kloggregator.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * One app stream (stdout or stderr) as warden serves it: a unix socket the agent dials, to which
 * everything the app writes is copied. Accepts any number of readers on its own daemon thread.
 */
public final class WardenStream implements AutoCloseable {

  private final Path socketFile;
  private final AFUNIXServerSocket server;
  private final List<AFUNIXSocket> clients = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  WardenStream(Path socketFile) {
    this.socketFile = socketFile;
    try {
      server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(socketFile.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind " + socketFile, e);
    }
    acceptor = new Thread(this::acceptLoop, "warden-" + socketFile.getFileName());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        clients.add(server.accept());
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  public Path socketFile() {
    return socketFile;
  }

  /** Number of readers connected now. */
  public int connectedReaders() {
    clients.removeIf(AFUNIXSocket::isClosed);
    return clients.size();
  }

  /** Blocks until at least one reader is connected. */
  public WardenStream awaitReader(Duration limit) {
    Deadline.await("a reader on " + socketFile, limit, () -> connectedReaders() > 0, () -> { });
    return this;
  }

  /** Writes {@code text} followed by a newline, as an app's println. */
  public void println(String text) {
    write((text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Writes raw bytes to every connected reader; readers that went away are forgotten. */
  public void write(byte[] bytes) {
    for (AFUNIXSocket client : clients) {
      try {
        OutputStream out = client.getOutputStream();
        out.write(bytes);
        out.flush();
      } catch (IOException gone) {
        clients.remove(client);
        closeQuietly(client);
      }
    }
  }

  /** Closes the connections to readers but keeps listening, as an app restarting its stream. */
  public void disconnectReaders() {
    for (AFUNIXSocket client : clients) {
      clients.remove(client);
      closeQuietly(client);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing a listening socket that is already gone
    }
    disconnectReaders();
    socketFile.toFile().delete();
  }

  private static void closeQuietly(AFUNIXSocket socket) {
    try {
      socket.close();
    } catch (IOException alreadyGone) {
      // the reader went away first
    }
  }
}
