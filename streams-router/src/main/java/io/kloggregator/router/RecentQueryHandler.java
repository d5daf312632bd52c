package io.kloggregator.router;

import io.kloggregator.schemas.LogFilter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.Callable;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/recent?app=ID&n=N[&type=&source=&instance=&contains=|regex=&ignore_case=&negate=]}
 * (the newest n lines, from the recent-lines store, that the {@link LogFilter} matches) and
 * {@code GET /v1/range?app=ID&start=NS&end=NS&limit=N[&descending=true]} (lines by time, from the
 * {@link HistoryStore}; both answer {@code RecentLines}): answers from the local store when this
 * instance owns the app's partition, forwards once to the owner otherwise, and answers 503 +
 * Retry-After while the owner is unknown or its store is not queryable. Runs on a Vert.x event
 * loop; the store read runs on a worker thread.
 */
final class RecentQueryHandler {

  static final String PATH = "/v1/recent";
  static final String RANGE_PATH = "/v1/range";
  /** The most lines one range query answers. */
  static final int MAX_RANGE_LIMIT = 10_000;
  static final String FORWARDED_HEADER = "X-Kloggregator-Forwarded";
  static final String PROTOBUF = "application/x-protobuf";
  private static final Logger LOG = LoggerFactory.getLogger(RecentQueryHandler.class);
  private static final String RETRY_AFTER_SECONDS = "1";

  private final Vertx vertx;
  private final HttpClient client;
  private final int retainedLines;
  private final Timer latency;
  private volatile KafkaStreams streams;
  private volatile HostInfo self;

  RecentQueryHandler(Vertx vertx, HttpClient client, int retainedLines, Timer latency) {
    this.vertx = vertx;
    this.client = client;
    this.retainedLines = retainedLines;
    this.latency = latency;
  }

  /** Makes the handler answer from {@code streams}; until then every query gets 503. */
  void attach(KafkaStreams streams, HostInfo self) {
    this.self = self;
    this.streams = streams;
  }

  void handle(HttpServerRequest request) {
    long began = System.nanoTime();
    String app = request.getParam("app");
    if (app == null || app.isBlank()) {
      text(request, 400, "missing query parameter 'app'\n");
      return;
    }
    int n = parseN(request.getParam("n"));
    if (n < 1) {
      text(request, 400, "n must be an integer >= 1 (at most " + retainedLines
          + " lines are kept; larger n is capped)\n");
      return;
    }
    LogFilter filter;
    try {
      filter = LogFilter.parse(request::getParam);
    } catch (IllegalArgumentException e) {
      text(request, 400, e.getMessage() + "\n");
      return;
    }
    dispatch(request, app, began, (current, partition) -> RecentLinesReader.encoded(
        current.store(StoreQueryParameters.fromNameAndType(RouterTopology.LINES_STORE,
            QueryableStoreTypes.<Bytes, byte[]>keyValueStore()).withPartition(partition)),
        app, n, partition, filter));
  }

  /** {@code /v1/range}: start and end in ns (end exclusive), limit 1..{@value #MAX_RANGE_LIMIT}. */
  void handleRange(HttpServerRequest request) {
    long began = System.nanoTime();
    String app = request.getParam("app");
    long start;
    long end;
    int limit;
    try {
      start = Long.parseLong(request.getParam("start", ""));
      end = Long.parseLong(request.getParam("end", ""));
      limit = Integer.parseInt(request.getParam("limit", ""));
    } catch (NumberFormatException e) {
      text(request, 400, "start, end (ns) and limit must be integers\n");
      return;
    }
    if (app == null || app.isBlank() || limit < 1 || limit > MAX_RANGE_LIMIT) {
      text(request, 400, "needs app and a limit of 1.." + MAX_RANGE_LIMIT + "\n");
      return;
    }
    boolean descending = "true".equals(request.getParam("descending"));
    dispatch(request, app, began, (current, partition) -> HistoryReader.read(
        current.store(StoreQueryParameters.fromNameAndType(HistoryStore.NAME,
            QueryableStoreTypes.<String, byte[]>windowStore()).withPartition(partition)),
        app, start, end, limit, descending, partition).toByteArray());
  }

  /** Reads one app's partition of a store on this instance's streams. */
  interface StoreRead {
    byte[] read(KafkaStreams streams, int partition);
  }

  private void dispatch(HttpServerRequest request, String app, long began, StoreRead read) {
    KafkaStreams current = streams;
    if (current == null || current.state() != KafkaStreams.State.RUNNING) {
      unavailable(request, "router is " + (current == null ? "starting" : current.state()));
      return;
    }
    KeyQueryMetadata owner = current.queryMetadataForKey(RouterTopology.LINES_STORE, app,
        new StringSerializer());
    if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)
        || owner.activeHost().equals(HostInfo.unavailable())) {
      unavailable(request, "owner of app not known yet");
    } else if (owner.activeHost().equals(self)) {
      answerLocally(request, () -> read.read(current, owner.partition()), began);
    } else if (request.getHeader(FORWARDED_HEADER) != null) {
      unavailable(request, "app is moving between instances");
    } else {
      forward(request, owner.activeHost(), began);
    }
  }

  private int parseN(String value) {
    if (value == null) {
      return retainedLines;
    }
    try {
      return Math.min(Integer.parseInt(value.trim()), retainedLines);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void answerLocally(HttpServerRequest request, Callable<byte[]> read, long began) {
    vertx.executeBlocking(read, false).onSuccess(lines -> {
      request.response().setStatusCode(200).putHeader("Content-Type", PROTOBUF)
          .end(Buffer.buffer(lines));
      latency.record(System.nanoTime() - began, java.util.concurrent.TimeUnit.NANOSECONDS);
    }).onFailure(e -> {
      if (e instanceof InvalidStateStoreException) {
        unavailable(request, "store not queryable: " + e.getMessage());
      } else {
        LOG.warn("store query failed", e);
        text(request, 500, "query failed: " + e + "\n");
      }
    });
  }

  /** Forwards the request as it came (path and query) to the owner. */
  private void forward(HttpServerRequest request, HostInfo owner, long began) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setHost(owner.host()).setPort(owner.port()).setURI(request.uri())
        .putHeader(FORWARDED_HEADER, self.host() + ":" + self.port());
    client.request(options)
        .compose(req -> req.send().compose(resp -> resp.body().map(body -> {
          request.response().setStatusCode(resp.statusCode());
          copyHeader(resp.getHeader("Content-Type"), "Content-Type", request);
          copyHeader(resp.getHeader("Retry-After"), "Retry-After", request);
          request.response().end(body);
          latency.record(System.nanoTime() - began, java.util.concurrent.TimeUnit.NANOSECONDS);
          return body;
        })))
        .onFailure(e -> unavailable(request, "owner " + owner.host() + ":" + owner.port()
            + " did not answer: " + e.getMessage()));
  }

  private static void copyHeader(String value, String name, HttpServerRequest request) {
    if (value != null) {
      request.response().putHeader(name, value);
    }
  }

  private static void unavailable(HttpServerRequest request, String reason) {
    if (request.response().ended()) {
      return;
    }
    request.response().setStatusCode(503).putHeader("Retry-After", RETRY_AFTER_SECONDS)
        .putHeader("Content-Type", "text/plain; charset=utf-8").end(reason + "\n");
  }

  private static void text(HttpServerRequest request, int status, String body) {
    request.response().setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8").end(body);
  }
}
