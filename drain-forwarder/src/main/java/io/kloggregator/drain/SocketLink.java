package io.kloggregator.drain;

import io.kloggregator.schemas.syslog.SyslogFormatter;
import io.kloggregator.schemas.syslog.SyslogFramer;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A syslog drain's connection: RFC 5424 lines, framed per RFC 6587, written in batches of up to
 * {@code maxWriteBytes} while the socket's write queue has room ({@code writeQueueFull} /
 * {@code drainHandler}). A write succeeds once the kernel took it; the drain settles it.
 * Confined to the drain's context.
 */
final class SocketLink implements DrainLink {

  private final NetSocket socket;
  private final SyslogFramer framing;
  private final int maxWriteBytes;

  SocketLink(NetSocket socket, SyslogFramer framing, int maxWriteBytes) {
    this.socket = socket;
    this.framing = framing;
    this.maxWriteBytes = maxWriteBytes;
  }

  @Override
  public boolean isFull() {
    return socket.writeQueueFull();
  }

  @Override
  public Sending send(ArrayDeque<PendingLine> queue) {
    Buffer buf = Buffer.buffer(Math.min(maxWriteBytes + 9000, 64 * 1024));
    List<PendingLine> lines = new ArrayList<>();
    while (!queue.isEmpty() && buf.length() < maxWriteBytes) {
      PendingLine l = queue.poll();
      buf.appendBytes(framing.frame(SyslogFormatter.format(l.message())));
      lines.add(l);
    }
    return new Sending(lines, socket.write(buf).map(v -> null));
  }

  @Override
  public boolean acknowledges() {
    return false;
  }

  @Override
  public void handlers(Handler<Void> onRoom, Handler<LinkFailure> onDown) {
    socket.handler(buf -> { });
    socket.closeHandler(v -> onDown.handle(LinkFailure.closedByReceiver()));
    socket.exceptionHandler(e -> onDown.handle(LinkFailure.of(e, false)));
    socket.drainHandler(onRoom);
  }

  @Override
  public void close() {
    socket.close();
  }
}
