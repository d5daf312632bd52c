package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.dropsonde.Envelope;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.kloggregator.testkit.SharedStack;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.cloudfoundry.doppler.EventType;
import org.cloudfoundry.doppler.FirehoseRequest;
import org.cloudfoundry.doppler.MessageType;
import org.cloudfoundry.doppler.StreamRequest;
import org.cloudfoundry.reactor.DefaultConnectionContext;
import org.cloudfoundry.reactor.doppler.ReactorDopplerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Doppler's push streams driven by cf-java-client's {@code ReactorDopplerClient}, unmodified
 * (pointed at the gateway by {@link DopplerClients}): {@code stream()} and {@code firehose()} on
 * real Kafka, and the refusals of Doppler's API.
 */
@ExtendWith(SharedStack.class)
class DopplerStreamIT {

  static final String SECRET = GatewayTailIT.SECRET;
  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final TokenIssuer TOKENS = new TokenIssuer(SECRET);

  static LocalStack stack;
  static Vertx vertx;
  static Gateway gateway;
  static LogProducer producer;
  static DefaultConnectionContext context;

  @BeforeAll
  static void start(LocalStack shared) {
    stack = shared;
    vertx = Vertx.vertx();
    gateway = Gateways.started(vertx, GatewayConfig.of(stack.bootstrapServers(),
        List.of("http://127.0.0.1:9"), 0, SECRET));
    producer = new LogProducer(stack.bootstrapServers());
    context = DopplerClients.context(gateway.port());
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
    if (vertx != null) {
      vertx.close();
    }
  }

  static String token(String app) {
    return TOKENS.issue(List.of(app), false, Duration.ofMinutes(5));
  }

  static String admin() {
    return TOKENS.issue(List.of(), true, Duration.ofMinutes(5));
  }

  /** Subscribes {@code envelopes} into a list until disposed. */
  static Disposable collect(Flux<org.cloudfoundry.doppler.Envelope> envelopes,
      List<org.cloudfoundry.doppler.Envelope> into) {
    return envelopes.subscribe(into::add, e -> { });
  }

  static String text(org.cloudfoundry.doppler.Envelope envelope) {
    return envelope.getLogMessage().getMessage();
  }

  /**
   * The streams are live from now: sends probe lines of {@code app} until every client has
   * seen one, so that what is sent next is sent while they are all subscribed.
   */
  static void probeUntilSubscribed(String app, List<List<org.cloudfoundry.doppler.Envelope>>
      clients) {
    int[] probe = {0};
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
      producer.send(app, "probe " + probe[0]++);
      return clients.stream().allMatch(list -> list.stream()
          .anyMatch(e -> e.getLogMessage() != null && text(e).startsWith("probe ")));
    });
  }

  static List<String> texts(List<org.cloudfoundry.doppler.Envelope> envelopes, String app,
      Predicate<String> keep) {
    return envelopes.stream().filter(e -> e.getLogMessage() != null)
        .filter(e -> app.equals(e.getLogMessage().getApplicationId())).map(DopplerStreamIT::text)
        .filter(keep).toList();
  }

  @Test
  void streamGivesEveryLineOfTheAppInOrderAsDropsondeLogMessages() {
    String app = "app-dropsonde-stream";
    ReactorDopplerClient client = DopplerClients.client(context, token(app));
    List<org.cloudfoundry.doppler.Envelope> got = new CopyOnWriteArrayList<>();
    Disposable subscription = collect(client.stream(StreamRequest.builder()
        .applicationId(app).build()), got);
    try {
      probeUntilSubscribed(app, List.of(got));
      LogMessage err = LogProducer.line(app, "an ERR line", LogMessage.MessageType.ERR, "RTR",
          "3");
      producer.send(err);
      IntStream.range(0, 200).forEach(i -> producer.send(app, "line " + i));
      producer.send("another-app", "line not for this stream");

      await().atMost(PATIENCE).until(() -> texts(got, app, t -> t.startsWith("line ")).size()
          == 200);

      assertThat(texts(got, app, t -> !t.startsWith("probe "))).containsExactlyElementsOf(
          concat("an ERR line", IntStream.range(0, 200).mapToObj(i -> "line " + i).toList()));
      assertThat(got).allSatisfy(e -> {
        assertThat(e.getEventType()).isEqualTo(EventType.LOG_MESSAGE);
        assertThat(e.getOrigin()).isEqualTo("kloggregator");
        assertThat(e.getLogMessage().getApplicationId()).isEqualTo(app);
      });
      org.cloudfoundry.doppler.Envelope first = got.stream()
          .filter(e -> text(e).equals("an ERR line")).findFirst().orElseThrow();
      assertThat(first.getTimestamp()).isEqualTo(err.getTimestamp());
      assertThat(first.getLogMessage().getTimestamp()).isEqualTo(err.getTimestamp());
      assertThat(first.getLogMessage().getMessageType()).isEqualTo(MessageType.ERR);
      assertThat(first.getLogMessage().getSourceType()).isEqualTo("RTR");
      assertThat(first.getLogMessage().getSourceInstance()).isEqualTo("3");
      org.cloudfoundry.doppler.Envelope line = got.stream()
          .filter(e -> text(e).equals("line 0")).findFirst().orElseThrow();
      assertThat(line.getLogMessage().getMessageType()).isEqualTo(MessageType.OUT);
      assertThat(line.getLogMessage().getSourceType()).isEqualTo("App");
      assertThat(line.getLogMessage().getSourceInstance()).isEqualTo("0");
    } finally {
      subscription.dispose();
    }
  }

  @Test
  void firehoseGivesAnAdminEveryAppsLines() {
    ReactorDopplerClient client = DopplerClients.client(context, admin());
    List<org.cloudfoundry.doppler.Envelope> got = new CopyOnWriteArrayList<>();
    Disposable subscription = collect(client.firehose(FirehoseRequest.builder()
        .subscriptionId("firehose-all-apps").build()), got);
    try {
      probeUntilSubscribed("app-firehose-probe", List.of(got));
      List<String> apps = IntStream.range(0, 8).mapToObj(i -> "app-firehose-" + i).toList();
      for (int i = 0; i < 20; i++) {
        for (String app : apps) {
          producer.send(app, app + " line " + i);
        }
      }

      await().atMost(PATIENCE).until(() -> apps.stream()
          .allMatch(app -> texts(got, app, t -> true).size() == 20));

      for (String app : apps) {
        assertThat(texts(got, app, t -> true)).as(app).containsExactlyElementsOf(
            IntStream.range(0, 20).mapToObj(i -> app + " line " + i).toList());
      }
    } finally {
      subscription.dispose();
    }
  }

  @Test
  void firehoseConsumersOfOneSubscriptionIdSplitTheLinesWithNoneLostOrTwice() {
    String subscription = "shared-subscription";
    List<org.cloudfoundry.doppler.Envelope> first = new CopyOnWriteArrayList<>();
    List<org.cloudfoundry.doppler.Envelope> second = new CopyOnWriteArrayList<>();
    List<org.cloudfoundry.doppler.Envelope> other = new CopyOnWriteArrayList<>();
    FirehoseRequest shared = FirehoseRequest.builder().subscriptionId(subscription).build();
    List<Disposable> subscriptions = List.of(
        collect(DopplerClients.client(context, admin()).firehose(shared), first),
        collect(DopplerClients.client(context, admin()).firehose(shared), second),
        collect(DopplerClients.client(context, admin()).firehose(FirehoseRequest.builder()
            .subscriptionId("another-subscription").build()), other));
    try {
      probeUntilSubscribed("app-split-probe", List.of(first, second, other));
      List<String> apps = List.of("app-split-a", "app-split-b", "app-split-c");
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String app = apps.get(i % apps.size());
        producer.send(app, "split " + i);
        sent.add("split " + i);
      }

      await().atMost(PATIENCE).until(() -> split(first, apps).size() + split(second, apps).size()
          >= sent.size() && split(other, apps).size() == sent.size());

      List<String> a = split(first, apps);
      List<String> b = split(second, apps);
      assertThat(a).as("each member gets a share").isNotEmpty();
      assertThat(b).as("each member gets a share").isNotEmpty();
      Set<String> union = new HashSet<>(a);
      union.addAll(b);
      assertThat(a.size() + b.size()).as("no line twice").isEqualTo(union.size());
      assertThat(union).as("no line lost").containsExactlyInAnyOrderElementsOf(sent);
      assertThat(split(other, apps)).as("another subscription id gets every line")
          .containsExactlyInAnyOrderElementsOf(sent);
    } finally {
      subscriptions.forEach(Disposable::dispose);
    }
  }

  static List<String> split(List<org.cloudfoundry.doppler.Envelope> got, List<String> apps) {
    return got.stream().filter(e -> e.getLogMessage() != null)
        .filter(e -> apps.contains(e.getLogMessage().getApplicationId()))
        .map(DopplerStreamIT::text).toList();
  }

  @Test
  void streamRefusesAsDopplerDid() {
    String forged = new TokenIssuer("another-secret-of-at-least-32-bytes!!!")
        .issue(List.of("x"), true, Duration.ofMinutes(5));
    String expired = new TokenIssuer(SECRET, Clock.offset(Clock.systemUTC(),
        Duration.ofHours(-1))).issue(List.of("x"), false, Duration.ofMinutes(5));
    int port = gateway.port();

    assertThat(WsClient.upgradeStatus(vertx, port, "/apps/x/stream", null)).isEqualTo(401);
    assertThat(WsClient.upgradeStatus(vertx, port, "/apps/x/stream", forged)).isEqualTo(401);
    assertThat(WsClient.upgradeStatus(vertx, port, "/apps/x/stream", expired)).isEqualTo(401);
    assertThat(WsClient.upgradeStatus(vertx, port, "/apps/x/stream", token("y")))
        .as("another app's token: 404, as Doppler's last traffic controller").isEqualTo(404);
    assertThat(WsClient.upgradeStatus(vertx, port, "/apps/x/stream", token("x"))).isEqualTo(101);
    assertThat(WsClient.upgradeStatus(vertx, port, "/apps/x/stream?unknown=1", token("x")))
        .as("Doppler ignored query parameters").isEqualTo(101);
    assertThat(WsClient.upgradeStatus(vertx, port, "/apps//stream", token("x"))).isEqualTo(404);
    assertThat(WsClient.upgradeStatus(vertx, port, "/apps/x/elsewhere", token("x")))
        .isEqualTo(404);
  }

  @Test
  void firehoseRefusesEveryTokenButAnAdminsWith401() {
    int port = gateway.port();

    assertThat(WsClient.upgradeStatus(vertx, port, "/firehose/sub", null)).isEqualTo(401);
    assertThat(WsClient.upgradeStatus(vertx, port, "/firehose/sub", token("x"))).isEqualTo(401);
    assertThat(WsClient.upgradeStatus(vertx, port, "/firehose/sub", admin())).isEqualTo(101);
    assertThat(WsClient.upgradeStatus(vertx, port, "/firehose/", admin()))
        .as("no subscription id").isEqualTo(404);
  }

  @Test
  void theClientSeesTheRefusalAsAnError() {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    DopplerClients.client(context, token("y")).stream(StreamRequest.builder()
        .applicationId("x").build()).subscribe(e -> { }, errors::add);

    await().atMost(PATIENCE).until(() -> !errors.isEmpty());
  }

  @Test
  void aSlowStreamGetsItsLossAsAnErrLogMessageFromLgr() throws Exception {
    String app = "app-dropsonde-slow";
    int count = 1500;
    GatewayConfig base = GatewayConfig.of(stack.bootstrapServers(), List.of("http://127.0.0.1:9"),
        0, SECRET);
    try (Gateway small = Gateways.started(vertx, new GatewayConfig(base.bootstrapServers(),
        base.routerUrls(), "127.0.0.1", 0, base.auth(), 20, 1000, base.pingInterval(),
        base.routerTimeout(), base.maxRecent(), base.rlpHeartbeat(), base.rlpStreamTimeout()));
        WsClient fast = WsClient.open(vertx, small.port(), "/apps/" + app + "/stream", token(app));
        WsClient slow = WsClient.openSmallBuffer(vertx, small.port(), "/apps/" + app + "/stream",
            token(app))) {
      slow.socket().pause();

      for (int i = 0; i < count; i++) {
        producer.sendAsync(LogProducer.line(app, "big " + i + " " + GatewaySlowClientIT.PADDING,
            LogMessage.MessageType.OUT, "App", "0"));
      }
      producer.flush();

      await().atMost(PATIENCE).until(() -> fast.binaries.size() == count);
      slow.socket().resume();
      await().atMost(PATIENCE).until(() -> !slow.binaries.isEmpty() && Envelope.parseFrom(
          slow.binaries.get(slow.binaries.size() - 1)).getLogMessage().getMessage()
          .toStringUtf8().startsWith("big " + (count - 1) + " "));

      List<Envelope> frames = new ArrayList<>();
      for (byte[] frame : slow.binaries) {
        frames.add(Envelope.parseFrom(frame));
      }
      List<Envelope> notices = frames.stream()
          .filter(e -> e.getLogMessage().getSourceType().equals("LGR")).toList();
      assertThat(slow.texts).isEmpty();
      assertThat(notices).isNotEmpty().allSatisfy(notice -> {
        assertThat(notice.getEventType()).isEqualTo(Envelope.EventType.LogMessage);
        assertThat(notice.getLogMessage().getMessageType())
            .isEqualTo(io.kloggregator.schemas.dropsonde.LogMessage.MessageType.ERR);
        assertThat(notice.getLogMessage().getAppId()).isEqualTo(app);
        assertThat(notice.getLogMessage().getMessage().toStringUtf8())
            .matches("Log message output too high\\. We've dropped \\d+ messages");
      });
      long dropped = notices.stream().mapToLong(n -> Long.parseLong(
          n.getLogMessage().getMessage().toStringUtf8().replaceAll("\\D", ""))).sum();
      assertThat(frames.size() - notices.size() + dropped).isEqualTo(count);
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }
}
