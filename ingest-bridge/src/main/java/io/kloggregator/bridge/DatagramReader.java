package io.kloggregator.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline end of one {@link EpollUdpReceiver} socket: copies each datagram out of Netty's
 * direct receive buffer into this reader's own 64 KiB array, releases the buffer, and hands the
 * array to {@link EnvelopeIntake}, which decodes it in place as on the NIO path. Nothing is
 * allocated per datagram here. One instance per channel, so the array is confined to that
 * channel's event loop thread; never shared.
 */
final class DatagramReader extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(DatagramReader.class);

  /** Event-loop confined: reused for every datagram of this channel. */
  private final byte[] scratch = new byte[UdpListener.MAX_DATAGRAM];
  private final EnvelopeIntake intake;
  private final BridgeMetrics metrics;

  DatagramReader(EnvelopeIntake intake, BridgeMetrics metrics) {
    this.intake = intake;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket packet)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    InetAddress sender = packet.sender().getAddress();
    int length;
    try {
      ByteBuf content = packet.content();
      length = Math.min(content.readableBytes(), scratch.length);
      content.getBytes(content.readerIndex(), scratch, 0, length);
    } finally {
      packet.release();
    }
    metrics.received(false);
    try {
      intake.accept(scratch, 0, length, sender, "udp");
    } catch (RuntimeException bug) {
      LOG.error("envelope handling failed; datagram dropped, listener continues", bug);
    }
  }

  /** A failed read: the socket stays open and the next datagram is read as usual. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.warn("UDP receive failed, continuing: {}", cause.toString());
  }
}
