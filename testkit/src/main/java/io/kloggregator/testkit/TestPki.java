package io.kloggregator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test PKI made with Debian's openssl at test time under one directory: a CA
 * ({@code ca.pem}), a server certificate for {@code localhost}/127.0.0.1 ({@code server.pem},
 * {@code server.key}) and a client certificate ({@code client.pem}, {@code client.key}) signed by
 * it, a client certificate of another CA ({@code rogue-client.*}), and a client certificate of
 * the CA that expired in 2020 ({@code expired-client.*}). Keys are PKCS#8 PEM.
 */
public record TestPki(Path dir) {

  /** Makes the files under {@code dir} (created when missing). */
  public static TestPki create(Path dir) {
    TestPki pki = new TestPki(dir);
    try {
      Files.createDirectories(dir.resolve("issued"));
      Files.writeString(dir.resolve("server.ext"),
          "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
      Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
      Files.writeString(dir.resolve("index.txt"), "");
      Files.writeString(dir.resolve("serial"), "1000\n");
      Files.writeString(dir.resolve("ca.cnf"), String.join("\n",
          "[ca]", "default_ca=test", "[test]", "dir=.", "database=index.txt",
          "new_certs_dir=issued", "serial=serial", "certificate=ca.pem", "private_key=ca.key",
          "default_md=sha256", "policy=any", "copy_extensions=none", "x509_extensions=client",
          "[any]", "commonName=supplied", "[client]", "extendedKeyUsage=clientAuth", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pki.selfSigned("ca", "/CN=kloggregator test CA");
    pki.selfSigned("rogue-ca", "/CN=another CA");
    pki.signed("server", "/CN=localhost", "server.ext", "ca");
    pki.signed("client", "/CN=kloggregator-test-sender", "client.ext", "ca");
    pki.signed("rogue-client", "/CN=kloggregator-test-sender", "client.ext", "rogue-ca");
    pki.request("expired-client", "/CN=kloggregator-test-sender");
    pki.openssl("ca", "-batch", "-config", "ca.cnf", "-in", "expired-client.csr", "-out",
        "expired-client.pem", "-startdate", "20200101000000Z", "-enddate", "20200102000000Z");
    return pki;
  }

  /** A file of this PKI, e.g. {@code path("client.pem")}. */
  public Path path(String name) {
    return dir.resolve(name);
  }

  private void selfSigned(String name, String subject) {
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out",
        name + ".pem", "-days", "2", "-subj", subject);
  }

  private void request(String name, String subject) {
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out",
        name + ".csr", "-subj", subject);
  }

  private void signed(String name, String subject, String ext, String ca) {
    request(name, subject);
    openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
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
