package io.kloggregator.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * A hand-written HTTP/WebSocket client on a plain socket, for requests no well-behaved client
 * sends: oversized or missing headers, unmasked or oversized frames, bytes that are not frames
 * (RFC 6455 §5.2). Not thread-safe.
 */
final class RawWebSocket implements AutoCloseable {

  /** {@link #awaitClose} when the server closed the connection without a close frame. */
  static final int CLOSED_WITHOUT_FRAME = -1;

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final Random random = new Random(11);

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Connects and sends {@code requestHead} (without the final blank line) plus the blank line. */
  static RawWebSocket send(int port, String requestHead) {
    try {
      Socket socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(30_000);
      RawWebSocket raw = new RawWebSocket(socket);
      raw.write((requestHead + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      return raw;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The head of a WebSocket upgrade request for {@code pathAndQuery} with a bearer token. */
  static String upgrade(String pathAndQuery, String token) {
    return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: AAECAwQFBgcICQoLDA0ODw==\r\n"
        + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token;
  }

  /** The response's status line (its head is read up to the blank line). */
  String statusLine() {
    String text = head();
    return text.substring(0, text.indexOf("\r\n"));
  }

  /**
   * A whole answer that is not an upgrade: its head (status line and headers, lines joined by
   * CRLF) and, after a blank line, its {@code Content-Length} body as UTF-8.
   */
  String response() {
    String head = head();
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    byte[] body = new byte[length];
    try {
      in.readFully(body);
    } catch (IOException e) {
      throw new UncheckedIOException("body shorter than Content-Length " + length, e);
    }
    return head + new String(body, StandardCharsets.UTF_8);
  }

  private String head() {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try {
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        head.write(in.readUnsignedByte());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("no complete response head: " + head, e);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  void write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One final frame; client frames must be masked, so {@code masked=false} is a violation. */
  void frame(int opcode, byte[] payload, boolean masked) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      frame.write(maskBit | payload.length);
    } else if (payload.length < 65_536) {
      frame.write(maskBit | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    } else {
      frame.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift) & 0xff);
      }
    }
    byte[] body = payload.clone();
    if (masked) {
      byte[] key = new byte[4];
      random.nextBytes(key);
      frame.writeBytes(key);
      for (int i = 0; i < body.length; i++) {
        body[i] ^= key[i % 4];
      }
    }
    frame.writeBytes(body);
    write(frame.toByteArray());
  }

  /**
   * Reads server frames until a close frame (returns its code) or the end of the connection
   * ({@link #CLOSED_WITHOUT_FRAME}); fails after the socket's 30 s read timeout.
   */
  int awaitClose() {
    try {
      while (true) {
        int opcode = in.readUnsignedByte() & 0x0f;
        long length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        if (opcode == 0x8) {
          return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
      }
    } catch (EOFException | java.net.SocketException e) {
      return CLOSED_WITHOUT_FRAME;
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the gateway neither closed nor answered within 30 s", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
