package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.router.RouterConfig;
import io.kloggregator.router.StreamsRouter;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.kloggregator.testkit.SharedStack;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.cloudfoundry.doppler.Envelope;
import org.cloudfoundry.doppler.EventType;
import org.cloudfoundry.doppler.RecentLogsRequest;
import org.cloudfoundry.logcache.v1.EnvelopeType;
import org.cloudfoundry.logcache.v1.InfoRequest;
import org.cloudfoundry.logcache.v1.ReadRequest;
import org.cloudfoundry.reactor.DefaultConnectionContext;
import org.cloudfoundry.reactor.doppler.ReactorDopplerClient;
import org.cloudfoundry.reactor.logcache.v1.ReactorLogCacheClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/**
 * cf-java-client's {@code ReactorLogCacheClient} and {@code ReactorDopplerClient}, unmodified,
 * against a real gateway and streams router on the shared broker. There is no Cloud Controller:
 * each client is pointed at the gateway through its own configuration (the builder's
 * {@code root}, which replaces the root provider's lookup), with a token provider that hands out
 * the gateway's own JWT.
 */
@ExtendWith(SharedStack.class)
class LogClientsIT {

  static final String SECRET = "log-clients-it-secret-log-clients-it-secret";
  static final long GO_ZERO_TIME = -6795364578871345152L;
  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final TokenIssuer TOKENS = new TokenIssuer(SECRET);

  static Vertx vertx;
  static StreamsRouter router;
  static Gateway gateway;
  static PrometheusMeterRegistry gatewayRegistry;
  static LogProducer producer;
  static DefaultConnectionContext context;

  @BeforeAll
  static void start(LocalStack stack) {
    vertx = Vertx.vertx();
    router = new StreamsRouter(RouterConfig.of(stack.bootstrapServers(), stack.etcdEndpoint(),
        stack.dir().resolve("log-clients-router"), 0), vertx,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    router.start().await();
    gatewayRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    gateway = new Gateway(GatewayConfig.of(stack.bootstrapServers(),
        List.of("http://127.0.0.1:" + router.httpPort()), 0, SECRET), vertx, gatewayRegistry,
        Clock.systemUTC());
    gateway.start().await();
    producer = LogProducer.batching(stack.bootstrapServers());
    context = DefaultConnectionContext.builder().apiHost("127.0.0.1").port(gateway.port())
        .secure(false).build();
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.dispose();
    }
    if (producer != null) {
      producer.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (router != null) {
      router.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  static String token(String app) {
    return TOKENS.issue(List.of(app), false, Duration.ofMinutes(10));
  }

  static String gatewayUrl() {
    return "http://127.0.0.1:" + gateway.port();
  }

  static ReactorLogCacheClient logCache(String app) {
    return ReactorLogCacheClient.builder().connectionContext(context)
        .root(Mono.just(gatewayUrl())).tokenProvider(c -> Mono.just("bearer " + token(app)))
        .build();
  }

  static ReactorDopplerClient doppler(String app) {
    return ReactorDopplerClient.builder().connectionContext(context)
        .root(Mono.just(gatewayUrl())).tokenProvider(c -> Mono.just("bearer " + token(app)))
        .build();
  }

  /** Sends {@code count} lines "prefix i" stamped {@code first + i * step}; waits for the acks. */
  static void send(String app, String prefix, int count, Instant first, Duration step) {
    for (int i = 0; i < count; i++) {
      producer.sendAsync(LogProducer.message(app, "0", LogMessage.MessageType.OUT, prefix + i,
          first.plus(step.multipliedBy(i))));
    }
    producer.flush();
  }

  static List<org.cloudfoundry.logcache.v1.Envelope> read(ReactorLogCacheClient client,
      ReadRequest request) {
    return client.read(request).block(PATIENCE).getEnvelopes().getBatch();
  }

  static List<String> payloads(List<org.cloudfoundry.logcache.v1.Envelope> envelopes) {
    return envelopes.stream().map(e -> e.getLog().getPayloadAsText()).toList();
  }

  static double reads(String store) {
    return gatewayRegistry.get("kloggregator.gateway.reads").tag("store", store).counter()
        .count();
  }

  static HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl() + pathAndQuery));
    if (token != null) {
      request.header("Authorization", "bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void infoAnswersALogCacheVersionOfTwoOrMore() {
    String version = logCache("any").info(InfoRequest.builder().build()).block(PATIENCE)
        .getVersion();

    assertThat(Integer.parseInt(version.split("\\.")[0])).isGreaterThanOrEqualTo(2);
  }

  @Test
  void recentReadAsCfLogsRecentGetsTheNewestThousandNewestFirst() {
    String app = "lc-recent";
    send(app, "r", 1500, Instant.now().minusSeconds(30), Duration.ofMillis(10));
    ReactorLogCacheClient client = logCache(app);
    ReadRequest recent = ReadRequest.builder().sourceId(app).envelopeType(EnvelopeType.LOG)
        .limit(1000).descending(true).startTime(GO_ZERO_TIME).build();
    double fromRecentBefore = reads("recent");

    await().atMost(PATIENCE).until(() -> payloads(read(client, recent)).contains("r1499"));
    List<org.cloudfoundry.logcache.v1.Envelope> envelopes = read(client, recent);

    assertThat(payloads(envelopes)).containsExactlyElementsOf(
        IntStream.range(0, 1000).mapToObj(i -> "r" + (1499 - i)).toList());
    assertThat(envelopes.get(0).getSourceId()).isEqualTo(app);
    assertThat(envelopes.get(0).getInstanceId()).isEqualTo("0");
    assertThat(envelopes.get(0).getTags()).containsEntry("source_type", "App");
    assertThat(reads("recent")).isGreaterThan(fromRecentBefore);
  }

  @Test
  void pollTailAsCfLogsGetsEveryLineInOrder() {
    String app = "lc-tail";
    Instant base = Instant.now().minusSeconds(60);
    send(app, "t", 300, base, Duration.ofMillis(1));
    ReactorLogCacheClient client = logCache(app);
    ReadRequest newest = ReadRequest.builder().sourceId(app).envelopeType(EnvelopeType.LOG)
        .limit(1).descending(true).build();
    await().atMost(PATIENCE).until(() -> payloads(read(client, newest)).equals(List.of("t299")));
    long cursor = read(client, newest).get(0).getTimestamp() - 1_000_000_000L;

    List<String> seen = new ArrayList<>();
    boolean sentMore = false;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (seen.size() < 600 && System.nanoTime() < deadline) {
      List<org.cloudfoundry.logcache.v1.Envelope> page = read(client, ReadRequest.builder()
          .sourceId(app).envelopeType(EnvelopeType.LOG).startTime(cursor).limit(100).build());
      page.forEach(e -> seen.add(e.getLog().getPayloadAsText()));
      if (!page.isEmpty()) {
        cursor = page.get(page.size() - 1).getTimestamp() + 1;
      } else if (!sentMore) {
        for (int i = 300; i < 600; i++) {
          producer.sendAsync(LogProducer.message(app, "0", LogMessage.MessageType.OUT, "t" + i,
              base.plusMillis(i)));
        }
        producer.flush();
        sentMore = true;
      } else {
        pollInterval();
      }
    }

    assertThat(seen).containsExactlyElementsOf(
        IntStream.range(0, 600).mapToObj(i -> "t" + i).toList());
  }

  /** cf CLI's poller sleeps 250 ms when a read brought nothing new. */
  static void pollInterval() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anOldRangeIsReadFromTheHistoryLongAfterTheRecentLinesMovedOn() {
    String app = "lc-old";
    Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
    send(app, "old", 2000, twoHoursAgo, Duration.ofMillis(1800));
    send(app, "new", 1500, Instant.now().minusSeconds(20), Duration.ofMillis(10));
    ReactorLogCacheClient client = logCache(app);
    long start = twoHoursAgo.getEpochSecond() * 1_000_000_000L + twoHoursAgo.getNano();
    ReadRequest newest = ReadRequest.builder().sourceId(app).limit(1).descending(true).build();
    await().atMost(PATIENCE).until(() -> payloads(read(client, newest)).equals(List.of("new1499")));
    double fromHistoryBefore = reads("history");

    List<String> firstThousand = payloads(read(client, ReadRequest.builder().sourceId(app)
        .envelopeType(EnvelopeType.LOG).startTime(start).limit(1000).build()));
    List<String> window = payloads(read(client, ReadRequest.builder().sourceId(app)
        .startTime(start + 1_800_000_000L * 10).endTime(start + 1_800_000_000L * 13)
        .descending(true).build()));

    assertThat(firstThousand).containsExactlyElementsOf(
        IntStream.range(0, 1000).mapToObj(i -> "old" + i).toList());
    assertThat(window).containsExactly("old12", "old11", "old10");
    assertThat(reads("history")).isGreaterThanOrEqualTo(fromHistoryBefore + 2);
  }

  @Test
  void dopplerRecentLogsGetsDropsondeEnvelopes() {
    String app = "dp-recent";
    send(app, "d", 5, Instant.now().minusSeconds(5), Duration.ofMillis(1));
    ReactorDopplerClient client = doppler(app);
    RecentLogsRequest request = RecentLogsRequest.builder().applicationId(app).build();

    await().atMost(PATIENCE).until(
        () -> client.recentLogs(request).collectList().block(PATIENCE).size() == 5);
    List<Envelope> envelopes = client.recentLogs(request).collectList().block(PATIENCE);

    assertThat(envelopes).allSatisfy(e -> {
      assertThat(e.getEventType()).isEqualTo(EventType.LOG_MESSAGE);
      assertThat(e.getLogMessage().getApplicationId()).isEqualTo(app);
      assertThat(e.getLogMessage().getSourceInstance()).isEqualTo("0");
    });
    assertThat(envelopes).extracting(e -> e.getLogMessage().getMessage())
        .containsExactly("d0", "d1", "d2", "d3", "d4");
  }

  @Test
  void recentLogsRefusesAsTheTrafficControllerDid() throws Exception {
    assertThat(get("/apps/dp-x/recentlogs", null).statusCode()).isEqualTo(401);
    assertThat(get("/apps/dp-x/recentlogs", "forged.token.here").statusCode()).isEqualTo(401);
    assertThat(get("/apps/dp-x/recentlogs", token("dp-other")).statusCode()).isEqualTo(403);
  }

  @Test
  void logCacheDeniesEveryRefusedReadWithABare404() throws Exception {
    HttpResponse<String> none = get("/api/v1/read/lc-x", null);
    HttpResponse<String> other = get("/api/v1/read/lc-x?limit=5000", token("lc-other"));

    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).isEmpty();
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.body()).isEmpty();
    assertThat(get("/api/v1/read/lc-x", TOKENS.issue(List.of(), true, Duration.ofMinutes(1)))
        .statusCode()).isEqualTo(200);
  }

  @Test
  void badInputGetsLogCachesOwnErrorForm() throws Exception {
    String token = token("lc-bad");

    HttpResponse<String> limit = get("/api/v1/read/lc-bad?limit=1001", token);
    HttpResponse<String> time = get("/api/v1/read/lc-bad?start_time=yesterday", token);
    HttpResponse<String> type = get("/api/v1/read/lc-bad?envelope_types=LOGS", token);
    HttpResponse<String> unknown = get("/api/v1/read/lc-bad?app=lc-bad", token);

    assertThat(limit.statusCode()).isEqualTo(500);
    assertThat(limit.body())
        .isEqualTo("{\"code\":2,\"message\":\"limit (1001) must be 1000 or less\",\"details\":[]}");
    assertThat(time.statusCode()).isEqualTo(400);
    assertThat(time.body()).isEqualTo("{\"code\":3,\"message\":\"parsing field \\\"start_time\\\": "
        + "strconv.ParseInt: parsing \\\"yesterday\\\": invalid syntax\",\"details\":[]}");
    assertThat(type.statusCode()).isEqualTo(400);
    assertThat(type.body()).contains("\"code\":3", "is not a valid value");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("\"code\":3", "unknown query parameter \\\"app\\\"");
    assertThat(limit.headers().firstValue("Content-Type")).hasValue("application/json");
  }
}
