package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.SharedStack;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Server pings (RFC 6455 §5.5.2): answered ones keep a socket open, silence closes it. */
@ExtendWith(SharedStack.class)
class GatewayPingIT {

  static final String SECRET = GatewayTailIT.SECRET;
  static final TokenIssuer TOKENS = new TokenIssuer(SECRET);

  static Vertx vertx;
  static Gateway gateway;

  @BeforeAll
  static void start(LocalStack stack) {
    vertx = Vertx.vertx();
    GatewayConfig base = GatewayConfig.of(stack.bootstrapServers(), List.of("http://127.0.0.1:9"),
        0, SECRET);
    gateway = Gateways.started(vertx, new GatewayConfig(base.bootstrapServers(),
        base.routerUrls(), "127.0.0.1", 0, base.auth(), base.socketQueueLimit(),
        base.hopelessLossFrames(), Duration.ofMillis(100), base.routerTimeout(),
        base.maxRecent(), base.rlpHeartbeat(), base.rlpStreamTimeout()));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (vertx != null) {
      vertx.close();
    }
  }

  @Test
  void clientThatAnswersPingsStaysConnected() {
    String token = TOKENS.issue(List.of("app-ping"), false, Duration.ofMinutes(5));
    try (WsClient tail = WsClient.open(vertx, gateway.port(), "/tail/?app=app-ping", token)) {
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
          .until(() -> tail.closeCode == null);
    }
  }

  @Test
  void clientThatNeverAnswersIsPingedThenClosedWith4003() throws IOException {
    String token = TOKENS.issue(List.of("app-silent"), false, Duration.ofMinutes(5));
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /tail/?app=app-silent HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      assertThat(readHead(in)).startsWith("HTTP/1.1 101");

      List<Integer> opcodes = new ArrayList<>();
      int closeCode = -1;
      while (closeCode < 0) {
        int opcode = in.readUnsignedByte() & 0x0f;
        int length = in.readUnsignedByte() & 0x7f;
        byte[] payload = new byte[length];
        in.readFully(payload);
        opcodes.add(opcode);
        if (opcode == 0x8) {
          closeCode = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
      }

      assertThat(opcodes).contains(0x9);
      assertThat(closeCode).isEqualTo(4003);
    }
  }

  @Test
  void socketIsClosedWith1008WhenItsTokenExpires() {
    String token = TOKENS.issue(List.of("app-expiring"), false, Duration.ofSeconds(2));
    try (WsClient tail = WsClient.open(vertx, gateway.port(), "/tail/?app=app-expiring",
        token)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> tail.closeCode != null);

      assertThat(tail.closeCode).isEqualTo((short) 1008);
      assertThat(tail.closeReason).isEqualTo("token expired");
    }
  }

  private static String readHead(DataInputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      head.write(in.readUnsignedByte());
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}
