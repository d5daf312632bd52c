package io.kloggregator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kloggregator.schemas.BindingLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Drain bindings in etcd ({@link BindingLayout}), read and written through etcd's v3 JSON
 * gateway ({@code POST /v3/kv/put}, {@code /v3/kv/range}, {@code /v3/kv/deleterange}, etcd 3.4
 * and later) with the JDK's HTTP client, so the CLI needs no gRPC stack. Each endpoint is tried
 * in turn until one answers. Used on the command's thread; not thread-safe.
 */
final class EtcdBindingStore {

  /** One binding as stored: app id, etcd key and URL. */
  record Binding(String app, String key, String url) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final List<URI> endpoints;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  EtcdBindingStore(List<URI> endpoints) {
    this.endpoints = List.copyOf(endpoints);
  }

  /** Binds {@code url} to {@code app}; returns the key written. */
  String add(String app, String url) throws InterruptedException {
    String key = BindingLayout.etcdKey(app, url);
    ObjectNode body = JSON.createObjectNode().put("key", b64(key)).put("value", b64(url));
    call("/v3/kv/put", body);
    return key;
  }

  /** The bindings of {@code app}, or of every app when {@code app} is null, in key order. */
  List<Binding> list(String app) throws InterruptedException {
    String prefix = app == null ? BindingLayout.ETCD_PREFIX : BindingLayout.appPrefix(app);
    ObjectNode body = JSON.createObjectNode().put("key", b64(prefix))
        .put("range_end", b64(rangeEnd(prefix)));
    List<Binding> out = new ArrayList<>();
    for (JsonNode kv : call("/v3/kv/range", body).path("kvs")) {
      String key = unb64(kv.path("key").asText());
      String rest = key.substring(BindingLayout.ETCD_PREFIX.length());
      int slash = rest.indexOf('/');
      if (slash > 0) {
        out.add(new Binding(rest.substring(0, slash), key, unb64(kv.path("value").asText())));
      }
    }
    return out;
  }

  /** Deletes every binding of {@code app} whose URL is {@code url}; returns how many. */
  int remove(String app, String url) throws InterruptedException {
    int removed = 0;
    for (Binding b : list(app)) {
      if (b.url().equals(url)) {
        JsonNode answer = call("/v3/kv/deleterange",
            JSON.createObjectNode().put("key", b64(b.key())));
        removed += answer.path("deleted").asInt(0);
      }
    }
    return removed;
  }

  private JsonNode call(String path, ObjectNode body) throws InterruptedException {
    List<String> failures = new ArrayList<>();
    for (URI endpoint : endpoints) {
      HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
      try {
        HttpResponse<String> response = http.send(request,
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
          throw new CliException(ExitCode.REFUSED, "etcd at " + endpoint + " answered "
              + response.statusCode() + " to " + path + ": " + response.body());
        }
        return JSON.readTree(response.body());
      } catch (IOException e) {
        failures.add(endpoint + " (" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
      }
    }
    throw new CliException(ExitCode.UNREACHABLE, "etcd unreachable: " + String.join(", ", failures)
        + "; set --etcd or KLOGGREGATOR_ETCD_ENDPOINTS");
  }

  /** The first key after every key that starts with {@code prefix} (etcd's prefix range). */
  private static String rangeEnd(String prefix) {
    char last = prefix.charAt(prefix.length() - 1);
    return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String unb64(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }
}
