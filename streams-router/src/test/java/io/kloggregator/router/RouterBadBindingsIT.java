package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bad-input suite for drain bindings: malformed keys and values under the bindings prefix
 * of a real etcd, written while valid bindings route. Each is counted by reason exactly once,
 * the watch keeps running without a resync, and the valid bindings keep routing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouterBadBindingsIT {

  private static final String PREFIX = BindingKeys.ETCD_PREFIX;
  private static final Pattern SKIPPED =
      Pattern.compile("kloggregator_router_bindings_skipped_total\\{reason=\"(\\w+)\",?\\} (\\S+)");
  private static final Pattern RESYNCS =
      Pattern.compile("(?m)^kloggregator_router_etcd_resyncs_total (\\S+)");

  private LocalStack stack;
  private Vertx vertx;
  private StreamsRouter router;
  private RouterClient client;
  private LogProducer producer;
  private EtcdBindings etcd;
  private DrainTopicReader drains;

  @BeforeAll
  void startStackAndRouter() {
    stack = LocalStack.start(LocalStack.Options.forTests());
    vertx = Vertx.vertx();
    router = Routers.of(vertx, RouterConfig.of(stack.bootstrapServers(), stack.etcdEndpoint(),
        stack.dir().resolve("router-state"), 0));
    router.start().await();
    client = new RouterClient(router.httpPort());
    producer = LogProducer.batching(stack.bootstrapServers());
    etcd = new EtcdBindings(stack.etcdEndpoint());
    drains = new DrainTopicReader(stack.bootstrapServers());
  }

  @AfterAll
  void stop() throws Exception {
    AutoCloseable[] opened = {drains, etcd, producer, router, vertx::close, stack};
    for (AutoCloseable c : opened) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void malformedKeysAndUrlsAreCountedByReasonWhileValidBindingsKeepRouting() {
    String before = "syslog://before.example:514";
    etcd.bind("app-before", before);
    awaitRouted("app-before", before);
    Map<String, Long> skippedBefore = skipped();

    String url = "syslog://ok.example:514";
    etcd.put(PREFIX + "app-no-leaf", url);
    etcd.put(PREFIX + "app-x/leaf/extra", url);
    etcd.put(PREFIX + "/leaf-without-app", url);
    etcd.put(PREFIX + "app-x/", url);
    etcd.put(PREFIX, url);
    etcd.put(bytes(PREFIX + "app-", new byte[] {(byte) 0xFF, (byte) 0xFE},
        "/leaf".getBytes(StandardCharsets.UTF_8)),
        url.getBytes(StandardCharsets.UTF_8));
    etcd.put(PREFIX + "app-x/empty", "");
    etcd.put(PREFIX + "app-x/blank", "  \n ");
    etcd.put(PREFIX + "app-x/space", "syslog://bad host.example:514");
    etcd.put(PREFIX + "app-x/ftp", "ftp://files.example/drain");
    etcd.put(PREFIX + "app-x/file", "file:///etc/passwd");
    etcd.put(PREFIX + "app-x/js", "javascript:alert(1)");
    etcd.put(PREFIX + "app-x/no-scheme", "drain.example:514");
    etcd.put(PREFIX + "app-x/no-host", "syslog:///just-a-path");
    etcd.put(PREFIX + "app-x/port-only", "syslog://:514");
    etcd.put(bytes(PREFIX + "app-x/latin1"), bytes("syslog://drain.example:514/caf",
        new byte[] {(byte) 0xE9}));
    etcd.put(PREFIX + "app-x/huge", "syslog://huge.example:514/" + "a".repeat(1_200_000));
    String after = "syslog-tls://after.example:6514";
    etcd.bind("app-after", after);

    awaitRouted("app-after", after);
    awaitRouted("app-before", before);
    Map<String, Long> counted = minus(skipped(), skippedBefore);
    assertThat(counted).isEqualTo(Map.of("bad_etcd_key", 6L, "empty_url", 2L,
        "unparsable_url", 1L, "unsupported_scheme", 4L, "no_host", 2L, "not_utf8", 1L,
        "url_too_long", 1L));
    assertThat(metric(RESYNCS)).as("full re-lists of etcd").isZero();
    assertThat(new String(client.get("/health").body(), StandardCharsets.UTF_8))
        .contains("\"etcdWatch\":\"WATCHING\"");
    assertThat(drains.forApp("app-x")).isEmpty();
  }

  /** Sends probe lines until one reaches the drain topic addressed to {@code url}. */
  private void awaitRouted(String app, String url) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          producer.send(app, "probe", 1);
          assertThat(drains.forApp(app)).extracting(d -> d.value().getDrainUrl()).contains(url);
        });
  }

  private Map<String, Long> skipped() {
    Map<String, Long> counts = new TreeMap<>();
    Matcher m = SKIPPED.matcher(metrics());
    while (m.find()) {
      counts.put(m.group(1), (long) Double.parseDouble(m.group(2)));
    }
    return counts;
  }

  private long metric(Pattern pattern) {
    Matcher m = pattern.matcher(metrics());
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  private String metrics() {
    return new String(client.get("/metrics").body(), StandardCharsets.UTF_8);
  }

  private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((reason, n) -> {
      long delta = n - before.getOrDefault(reason, 0L);
      if (delta != 0) {
        out.put(reason, delta);
      }
    });
    return out;
  }

  private static byte[] bytes(String head, byte[]... rest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    for (byte[] part : List.of(rest)) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
