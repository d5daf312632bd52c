package io.kloggregator.router;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Writes drain bindings into etcd the way the cloud controller did, for tests. */
final class EtcdBindings implements AutoCloseable {

  private final Client client;

  EtcdBindings(String endpoint) {
    client = Client.builder().endpoints(endpoint).build();
  }

  static String leaf(String url) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(url.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String bindingId(String app, String url) {
    return app + "/" + leaf(url);
  }

  /** Binds {@code url} to {@code app} under the SHA-1 leaf of the URL; returns the binding id. */
  String bind(String app, String url) {
    put("/loggregator/services/" + bindingId(app, url), url);
    return bindingId(app, url);
  }

  void put(String key, String value) {
    await(client.getKVClient().put(bytes(key), bytes(value)));
  }

  /** Writes raw bytes, for keys and values that are not UTF-8. */
  void put(byte[] key, byte[] value) {
    await(client.getKVClient().put(ByteSequence.from(key), ByteSequence.from(value)));
  }

  void delete(String key) {
    await(client.getKVClient().delete(bytes(key)));
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private static void await(java.util.concurrent.CompletableFuture<?> future) {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("etcd write failed", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
