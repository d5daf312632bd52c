package io.kloggregator.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A Server-Sent Events reader on the JDK's own {@link HttpClient}: opens a GET, then a thread
 * reads the body line by line into events (WHATWG HTML "server-sent events": {@code event:} and
 * {@code data:} fields, ended by a blank line). {@code ended} is set when the server ends it.
 */
final class SseClient implements AutoCloseable {

  /** One event: its type ("message" when none was named) and its data. */
  record Event(String type, String data) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final HttpResponse<InputStream> response;
  final List<Event> events = new CopyOnWriteArrayList<>();
  volatile boolean ended;
  /** Why reading stopped before the server ended the stream (the test closing it, or not). */
  volatile IOException failure;
  private final Thread reader;

  private final CountDownLatch resumed;

  private SseClient(HttpResponse<InputStream> response, boolean paused) {
    this.response = response;
    this.resumed = new CountDownLatch(paused ? 1 : 0);
    this.reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Like {@link #open}, but reads nothing until {@link #resume}: a slow reader. It has an
   * HttpClient of its own: a body nobody reads holds up the client's shared delivery, and so
   * every other stream of the same client.
   */
  static SseClient openPaused(int port, String pathAndQuery, String token) throws Exception {
    return new SseClient(HttpClient.newHttpClient().send(request(port, pathAndQuery, token),
        HttpResponse.BodyHandlers.ofInputStream()), true);
  }

  void resume() {
    resumed.countDown();
  }

  private static HttpRequest request(int port, String pathAndQuery, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + pathAndQuery));
    if (token != null) {
      request.header("Authorization", "bearer " + token);
    }
    return request.GET().build();
  }

  /** Opens {@code pathAndQuery} with {@code Authorization: bearer <token>} (none when null). */
  static SseClient open(int port, String pathAndQuery, String token) throws Exception {
    return new SseClient(HTTP.send(request(port, pathAndQuery, token),
        HttpResponse.BodyHandlers.ofInputStream()), false);
  }

  /** A plain GET of {@code pathAndQuery}: status and body, for refusals. */
  static HttpResponse<String> get(int port, String pathAndQuery, String token) throws Exception {
    return HTTP.send(request(port, pathAndQuery, token), HttpResponse.BodyHandlers.ofString());
  }

  private void read() {
    try {
      resumed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
        StandardCharsets.UTF_8))) {
      String type = "message";
      StringBuilder data = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(type, data.toString()));
          }
          type = "message";
          data = null;
        } else if (line.startsWith("event: ")) {
          type = line.substring("event: ".length());
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder() : data.append('\n');
          data.append(line.substring("data: ".length()));
        }
      }
    } catch (IOException e) {
      failure = e;
    } finally {
      ended = true;
    }
  }

  List<Event> ofType(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  /** Every envelope of every data event, in order. */
  List<JsonNode> envelopes() {
    List<JsonNode> out = new ArrayList<>();
    for (Event event : ofType("message")) {
      try {
        JSON.readTree(event.data()).get("batch").forEach(out::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The payload of the last envelope received so far, or "" (cheap to poll). */
  String lastPayload() {
    List<Event> data = ofType("message");
    if (data.isEmpty()) {
      return "";
    }
    try {
      JsonNode batch = JSON.readTree(data.get(data.size() - 1).data()).get("batch");
      return new String(java.util.Base64.getDecoder().decode(
          batch.get(batch.size() - 1).get("log").get("payload").asText()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The decoded payloads of the envelopes of {@code sourceIds}. */
  List<String> payloads(List<String> sourceIds) {
    return envelopes().stream().filter(e -> sourceIds.contains(e.get("source_id").asText()))
        .map(e -> new String(java.util.Base64.getDecoder().decode(
            e.get("log").get("payload").asText()), StandardCharsets.UTF_8)).toList();
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
