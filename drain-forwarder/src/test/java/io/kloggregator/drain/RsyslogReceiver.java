package io.kloggregator.drain;

import static org.awaitility.Awaitility.await;

import io.kloggregator.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Debian rsyslogd (8.2302) receiving one drain on a free loopback port, with its own
 * config, work directory and pidfile under {@code dir}. Every message is written to
 * {@code out.log} as one JSON line holding the raw message as received (framing removed, rsyslog
 * drops the trailing LF), its PRI and its MSG, so tests can assert exact content and order.
 * {@link #stop()} sends SIGTERM; {@link #start()} starts it again on the same port.
 */
final class RsyslogReceiver implements AutoCloseable {

  /** One message as rsyslog wrote it. */
  record Received(String raw, String pri, String msg) {
  }

  /** TLS settings: the server's cert/key, the CA it trusts, and whether clients need a cert. */
  record Tls(Path cert, Path key, Path ca, boolean requireClientCert) {
  }

  private final Path dir;
  private final int port;
  private final Tls tls;
  private Process process;
  private final List<Received> parsed = new ArrayList<>(); // guarded by this
  private long readBytes; // guarded by this

  private RsyslogReceiver(Path dir, int port, Tls tls) {
    this.dir = dir.toAbsolutePath();
    this.port = port;
    this.tls = tls;
  }

  static RsyslogReceiver plain(Path dir) {
    return plain(dir, FreePorts.pick());
  }

  static RsyslogReceiver plain(Path dir, int port) {
    RsyslogReceiver r = new RsyslogReceiver(dir, port, null);
    r.start();
    return r;
  }

  static RsyslogReceiver tls(Path dir, Tls tls) {
    RsyslogReceiver r = new RsyslogReceiver(dir, FreePorts.pick(), tls);
    r.start();
    return r;
  }

  int port() {
    return port;
  }

  void start() {
    try {
      Files.createDirectories(dir.resolve("work"));
      Files.writeString(dir.resolve("rsyslog.conf"), config());
      process = new ProcessBuilder("/usr/sbin/rsyslogd", "-n", "-f",
          dir.resolve("rsyslog.conf").toString(), "-i", dir.resolve("rsyslogd.pid").toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rsyslogd.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start rsyslogd", e);
    }
    await("rsyslogd listening on " + port).atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50)).until(this::listening);
  }

  private boolean listening() {
    if (!process.isAlive()) {
      throw new IllegalStateException("rsyslogd exited with " + process.exitValue() + "; see "
          + dir.resolve("rsyslogd.log"));
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGTERM and wait, as an operator restarting the receiver would. */
  void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Every message received so far, in arrival order (the file is read incrementally). */
  synchronized List<Received> received() {
    Path out = dir.resolve("out.log");
    if (!Files.exists(out)) {
      return List.copyOf(parsed);
    }
    try (var ch = java.nio.channels.FileChannel.open(out)) {
      long size = ch.size();
      if (size > readBytes) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - readBytes));
        while (buf.hasRemaining() && ch.read(buf, readBytes + buf.position()) > 0) {
          continue;
        }
        byte[] bytes = buf.array();
        int lastNl = -1;
        for (int i = bytes.length - 1; i >= 0; i--) {
          if (bytes[i] == '\n') {
            lastNl = i;
            break;
          }
        }
        if (lastNl >= 0) {
          String text = new String(bytes, 0, lastNl, StandardCharsets.UTF_8);
          for (String line : text.split("\n")) {
            parsed.add(parse(line));
          }
          readBytes += lastNl + 1;
        }
      }
      return List.copyOf(parsed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bodies (MSG) received so far, in arrival order. */
  List<String> messages() {
    return received().stream().map(Received::msg).toList();
  }

  String log() {
    try {
      Path log = dir.resolve("rsyslogd.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Received parse(String line) {
    String[] parts = line.substring("{\"raw\":\"".length(), line.length() - 2)
        .split("\",\"pri\":\"|\",\"msg\":\"", 3);
    return new Received(unescape(parts[0]), parts[1], unescape(parts[2]));
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        out.append(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(n);
      }
    }
    return out.toString();
  }

  private String config() {
    String global = "global(workDirectory=\"" + dir.resolve("work")
        + "\" parser.escapeControlCharactersOnReceive=\"off\" maxMessageSize=\"64k\"";
    // imtcp allows 200 sessions by default; the 1,000-drain benchmark needs more.
    String module = "module(load=\"imtcp\" MaxSessions=\"2000\")\n";
    if (tls != null) {
      global += " DefaultNetstreamDriverCAFile=\"" + tls.ca()
          + "\" DefaultNetstreamDriverCertFile=\"" + tls.cert()
          + "\" DefaultNetstreamDriverKeyFile=\"" + tls.key() + "\"";
      module = "module(load=\"imtcp\" MaxSessions=\"2000\" StreamDriver.Name=\"gtls\" "
          + "StreamDriver.Mode=\"1\" "
          + "StreamDriver.AuthMode=\"" + (tls.requireClientCert() ? "x509/certvalid" : "anon")
          + "\")\n";
    }
    return global + ")\n" + module
        + "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\" ruleset=\"drain\")\n"
        + "template(name=\"rawjson\" type=\"list\") {\n"
        + "  constant(value=\"{\\\"raw\\\":\\\"\") property(name=\"rawmsg\" format=\"json\")\n"
        + "  constant(value=\"\\\",\\\"pri\\\":\\\"\") property(name=\"pri\")\n"
        + "  constant(value=\"\\\",\\\"msg\\\":\\\"\") property(name=\"msg\" format=\"json\")\n"
        + "  constant(value=\"\\\"}\\n\")\n"
        + "}\n"
        + "ruleset(name=\"drain\") {\n"
        + "  action(type=\"omfile\" file=\"" + dir.resolve("out.log")
        + "\" template=\"rawjson\" flushOnTXEnd=\"on\" asyncWriting=\"off\")\n"
        + "}\n";
  }

  @Override
  public void close() {
    stop();
  }
}
