package io.kloggregator.drain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test PKI made with Debian's openssl at test time under one directory: a CA; a server
 * certificate for {@code localhost}/127.0.0.1 and a client certificate, both signed by it; a
 * CA-signed certificate for another host name; and a self-signed "rogue" localhost certificate.
 * File names are relative to {@link #dir()} (the forwarder's TLS files directory in tests).
 */
record TestCerts(Path dir) {

  static TestCerts create(Path dir) {
    TestCerts c = new TestCerts(dir);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("server.ext"),
          "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
      Files.writeString(dir.resolve("other.ext"), "subjectAltName=DNS:other.example\n");
      Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    c.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
        "ca.pem", "-days", "2", "-subj", "/CN=kloggregator test CA");
    c.signed("server", "/CN=localhost", "server.ext");
    c.signed("client", "/CN=kloggregator-forwarder", "client.ext");
    c.signed("other", "/CN=other.example", "other.ext");
    c.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rogue.key", "-out",
        "rogue.pem", "-days", "2", "-subj", "/CN=localhost", "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1");
    return c;
  }

  Path path(String name) {
    return dir.resolve(name);
  }

  RsyslogReceiver.Tls server(String name, boolean requireClientCert) {
    return new RsyslogReceiver.Tls(path(name + ".pem"), path(name + ".key"), path("ca.pem"),
        requireClientCert);
  }

  private void signed(String name, String subject, String ext) {
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out",
        name + ".csr", "-subj", subject);
    openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", ext);
  }

  private void openssl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("openssl.log").toFile()))
          .start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("openssl " + args[0] + " failed; see "
            + dir.resolve("openssl.log"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run openssl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
