package io.kloggregator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.syslog.SyslogFormatter;
import io.kloggregator.schemas.syslog.SyslogFramer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SyslogDrainTargetTest {

  private static LogMessage message(String source, String instance, String text) {
    return LogMessage.newBuilder().setAppId("app-1").setSourceName(source).setSourceId(instance)
        .setMessageType(LogMessage.MessageType.OUT).setTimestamp(1_764_064_800_123_456_789L)
        .setMessage(ByteString.copyFromUtf8(text)).build();
  }

  @Test
  void sendsTheForwardersBytesIncludingEmptyBracketsForAnEmptySourceName() throws Exception {
    LogMessage app = message("App", "3", "h\u00e9llo");
    LogMessage noSource = message("", "3", "two\nlines");

    byte[] received;
    try (ServerSocket drain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(drain));
      try (SyslogDrainTarget target = SyslogDrainTarget.connect(
          URI.create("syslog://127.0.0.1:" + drain.getLocalPort()))) {
        target.send(app, 0, 1);
        target.send(noSource, 0, 2);
      }
      received = read.get(10, TimeUnit.SECONDS);
    }

    String header = "<14>1 2025-11-25T10:00:00.123456+00:00 loggregator app-1 ";
    assertThat(new String(received, StandardCharsets.UTF_8)).isEqualTo(
        "76 " + header + "[App/3] - - h\u00e9llo\n" + "74 " + header + "[] - - two\nlines\n");
    // The drain forwarder writes a drain's lines as SyslogFramer (octet counting by default)
    // over SyslogFormatter.
    ByteArrayOutputStream forwarder = new ByteArrayOutputStream();
    forwarder.writeBytes(SyslogFramer.OCTET_COUNTING.frame(SyslogFormatter.format(app)));
    forwarder.writeBytes(SyslogFramer.OCTET_COUNTING.frame(SyslogFormatter.format(noSource)));
    assertThat(received).isEqualTo(forwarder.toByteArray());
  }

  private static byte[] readAll(ServerSocket server) {
    try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
