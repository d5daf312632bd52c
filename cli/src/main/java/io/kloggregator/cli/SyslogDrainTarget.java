package io.kloggregator.cli;

import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.syslog.SyslogFormatter;
import io.kloggregator.schemas.syslog.SyslogFramer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * Replayed lines to a syslog drain over TCP ({@code syslog://host:port}), RFC 5424 messages
 * octet-counted (RFC 6587 §3.4.1), byte for byte as the drain forwarder sends them: both write
 * with schemas' {@link SyslogFormatter} and {@link SyslogFramer}. One connection for the
 * whole replay; a failed write ends the replay (the operator reruns from the last offset
 * printed). Single-threaded.
 */
final class SyslogDrainTarget implements ReplayTarget {

  private final Socket socket;
  private final OutputStream out;

  private SyslogDrainTarget(Socket socket) throws IOException {
    this.socket = socket;
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
  }

  /** Connects to {@code url}, which must be {@code syslog://host:port}. */
  static SyslogDrainTarget connect(URI url) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 10_000);
      return new SyslogDrainTarget(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** {@code url} as a drain address, or an exception naming the rule. */
  static URI parse(String url) {
    URI uri = URI.create(url);
    if (!"syslog".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
      throw new IllegalArgumentException("--drain must be syslog://host:port (plain TCP), was '"
          + url + "'");
    }
    return uri;
  }

  @Override
  public void send(LogMessage message, int partition, long offset) throws IOException {
    out.write(SyslogFramer.OCTET_COUNTING.frame(SyslogFormatter.format(message)));
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try (Socket s = socket) {
      out.flush();
      s.shutdownOutput();
    }
  }
}
