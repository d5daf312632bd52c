package io.kloggregator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kloggregator.gateway.Gateway;
import io.kloggregator.gateway.GatewayConfig;
import io.kloggregator.ops.token.TokenAlgorithm;
import io.kloggregator.ops.token.TokenKeys;
import io.kloggregator.ops.token.TokenMinter;
import io.kloggregator.testkit.FakeWarden;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live-tail page in Debian's headless Chromium (the scripts in {@code src/test/web}) on the
 * whole pipeline with the real broker: its refusal messages, the token kept out of the address
 * bar, time zones, filters, the new-lines marker and older lines. Each script keeps screenshots
 * in {@code target/web/screenshots} and the test prints their paths.
 */
class WebPageIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHOTS = Path.of("target", "web", "screenshots").toAbsolutePath()
      .toString();
  private static final int HISTORY_LINES = 240;

  @RegisterExtension
  static final PipelineExtension RUNNING = new PipelineExtension();

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void pageTellsBadTokensOtherAppsNoLinesAndAStoppedGatewayApartAndRetriesOnlyTheGateway()
      throws Exception {
    String app = "web-errors-app";
    String emptyApp = "web-empty-app";
    FakeWarden.Instance instance = started(app, 0);
    FakeWarden.Instance empty = started(emptyApp, 0);
    String good = pipeline().token(List.of(app, emptyApp), Duration.ofMinutes(10));
    instance.stdout().println("before the restart");
    awaitRecent(app, good, texts -> texts.contains("before the restart"));
    Vertx vertx = Vertx.vertx();
    Gateway second = startGateway(vertx, 0);
    int secondPort = second.port();
    Map<String, Object> config = Map.of("main", base(pipeline().gatewayPort()),
        "second", base(secondPort), "app", app, "emptyApp", emptyApp, "shots", SHOTS,
        "tokens", Map.of("forged", forgedToken(app), "expired", expiredToken(app),
            "foreign", pipeline().token(List.of("someone-else"), Duration.ofMinutes(10)),
            "good", good));

    try (BrowserScript browser = BrowserScript.start("page-errors.mjs",
        JSON.writeValueAsString(config))) {
      browser.expect("EMPTY-SHOWN", PATIENCE);
      empty.stdout().println("the very first line");
      browser.send("first-line-written");
      browser.expect("LIVE", PATIENCE);
      second.close();
      browser.send("gateway-stopped");
      browser.expect("DOWN-SHOWN", PATIENCE);
      second = startGateway(vertx, secondPort);
      instance.stdout().println("after the restart");
      browser.send("gateway-restarted");
      browser.expect("OK", PATIENCE);

      assertThat(browser.awaitExit(PATIENCE)).isZero();
      assertScreenshots(browser, "error-401-forged-token", "error-401-expired-token",
          "error-403-other-app", "no-lines-yet", "error-gateway-down", "gateway-back");
    } finally {
      second.close();
      vertx.close().await();
    }
  }

  @Test
  void pageKeepsTheTokenOutOfTheUrlShowsTheZoneFiltersMarksNewLinesAndLoadsOlderOnes()
      throws Exception {
    String app = "web-view-app";
    FakeWarden.Instance first = started(app, 0);
    FakeWarden.Instance second = started(app, 1);
    String token = pipeline().token(List.of(app), Duration.ofMinutes(10));
    List<String> history = IntStream.range(0, HISTORY_LINES)
        .mapToObj(i -> String.format(Locale.ROOT, "history line %03d", i)).toList();
    history.forEach(first.stdout()::println);
    awaitRecent(app, token, texts -> texts.containsAll(history));
    first.stderr().println("Error: disk full");
    second.stdout().println("worker ready");
    second.stderr().println("worker error: timeout");
    second.stdout().println("GET /health 200");
    first.stdout().println("GET /api/items 500");
    awaitRecent(app, token, texts -> texts.containsAll(List.of("Error: disk full",
        "worker ready", "worker error: timeout", "GET /health 200", "GET /api/items 500")));
    Map<String, Object> config = Map.of("main", base(pipeline().gatewayPort()), "app", app,
        "token", token, "historyLines", HISTORY_LINES, "zone", "America/New_York",
        "shots", SHOTS);

    try (BrowserScript browser = BrowserScript.start("page-view.mjs",
        JSON.writeValueAsString(config))) {
      browser.expect("SCROLLED-UP", PATIENCE);
      IntStream.rangeClosed(1, 3).forEach(i -> first.stdout().println("new line " + i));
      browser.send("new-lines-written");
      browser.expect("OK", PATIENCE);

      assertThat(browser.awaitExit(PATIENCE)).isZero();
      assertScreenshots(browser, "time-local-zone", "time-utc", "filters", "new-lines-marker",
          "older-lines");
    }
  }

  private static FakeWarden.Instance started(String app, int index) {
    FakeWarden.Instance instance = pipeline().warden().start(app, index);
    instance.stdout().awaitReader(PATIENCE);
    instance.stderr().awaitReader(PATIENCE);
    return instance;
  }

  /** Another gateway on the same broker and router, which the test can stop and restart. */
  private static Gateway startGateway(Vertx vertx, int port) {
    Gateway gateway = new Gateway(GatewayConfig.of(RUNNING.stack().bootstrapServers(),
        List.of("http://127.0.0.1:" + pipeline().routerPort()), port, jwtSecret()), vertx,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    gateway.start().await();
    return gateway;
  }

  /** A token for {@code app}, valid for ten minutes, signed with another gateway's secret. */
  private static String forgedToken(String app) {
    return minter("another-gateway-secret-of-32-bytes!!", Clock.systemUTC())
        .mint(List.of(app), false, Duration.ofMinutes(10));
  }

  /** A correctly signed token for {@code app} that expired an hour ago. */
  private static String expiredToken(String app) {
    return minter(jwtSecret(), Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))
        .mint(List.of(app), false, Duration.ofMinutes(5));
  }

  private static TokenMinter minter(String secret, Clock clock) {
    return new TokenMinter(TokenAlgorithm.HS256,
        TokenKeys.signer(TokenAlgorithm.HS256, secret, null), clock);
  }

  private static void assertScreenshots(BrowserScript browser, String... names)
      throws Exception {
    List<String> kept = browser.said("SCREENSHOT ");
    assertThat(kept).containsExactlyInAnyOrderElementsOf(
        List.of(names).stream().map(name -> Path.of(SHOTS, name + ".png").toString()).toList());
    for (String path : kept) {
      assertThat(Files.size(Path.of(path))).as(path).isPositive();
      System.out.println("WebPageIT screenshot: " + path);
    }
  }

  private void awaitRecent(String app, String token, Predicate<List<String>> done) {
    await().atMost(PATIENCE).until(() -> {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
          URI.create(base(pipeline().gatewayPort()) + "/recent?app=" + app + "&n=1000"))
          .header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
      List<String> texts = new ArrayList<>();
      for (String row : response.body().split("\n")) {
        if (response.statusCode() == 200 && !row.isBlank()) {
          JsonNode line = JSON.readTree(row);
          texts.add(line.path("text").asText());
        }
      }
      return done.test(texts);
    });
  }

  private static String jwtSecret() {
    return RUNNING.options().jwtSecret();
  }

  private static LocalPipeline pipeline() {
    return RUNNING.pipeline();
  }

  private static String base(int port) {
    return "http://127.0.0.1:" + port;
  }
}
