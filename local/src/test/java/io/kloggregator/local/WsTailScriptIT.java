package io.kloggregator.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/ws-tail.mjs} against a raw WebSocket server on loopback that sends the 101
 * answer, a text frame and its close frame in one write, as a gateway's short dump can arrive.
 * The server waits for the client's close frame, as Vert.x does before closing the connection.
 */
class WsTailScriptIT {

  @Test
  void framesThatArriveWithTheUpgradeAnswerAreReadAndTheCloseAnswered() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Integer> clientClose = CompletableFuture.supplyAsync(() -> serve(server));

      WsTailScript.Result result = WsTailScript.run(
          "ws://127.0.0.1:" + server.getLocalPort() + "/dump/?app=a", "a-token");

      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(result.out()).isEqualTo("one line\n");
      assertThat(clientClose.get()).as("the client's close frame opcode").isEqualTo(0x8);
    }
  }

  /** Answers one upgrade with everything in one write; returns the opcode the client sent. */
  private static int serve(ServerSocket server) {
    try (Socket socket = server.accept()) {
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        head.write(in.read());
      }
      byte[] text = "one line".getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      all.write(new byte[] {(byte) 0x81, (byte) text.length});
      all.write(text);
      all.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xe8});
      OutputStream out = socket.getOutputStream();
      out.write(all.toByteArray());
      out.flush();
      socket.setSoTimeout(30_000);
      return in.read() & 0x0f;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
