package io.kloggregator.drain;

import static io.kloggregator.drain.ReceiverOutageScenario.holds;
import static io.kloggregator.drain.ReceiverOutageScenario.waitFor;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.kloggregator.router.RouterConfig;
import io.kloggregator.router.StreamsRouter;
import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.testkit.LocalStack;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fault scenario "etcd down while a binding changes", on a real streams router (etcd bindings
 * mirror, drain routing, dumps), a forwarder and two real rsyslogd receivers A and B. App
 * {@code s} is bound to A throughout; app {@code m} starts bound to A; app {@code n} writes from
 * the start but is bound to B only just before etcd is SIGKILLed (a {@code cf bind-service}
 * that etcd acknowledged as it died). etcd stays down for {@code outage}; the dump and the
 * existing routes must keep working. When it is back the operator's queued change runs: {@code m}
 * bound to B, then unbound from A. The apps write all along. Measures what each drain got of
 * each app, the dumps answered during the outage, and how long after etcd's return the routes
 * converged; asserts nothing itself (the IT and the benchmark judge the {@link Result}).
 */
final class EtcdOutageScenario {

  private static final String PREFIX = "/loggregator/services/";
  private static final Duration QUIET = Duration.ofSeconds(3);

  /**
   * @param accepted lines per app written to the log topic and acknowledged
   * @param sAtA app s at A (bound throughout: complete)
   * @param mAtA app m at A (unbound after the outage: a prefix)
   * @param mAtB app m at B (bound after the outage: a suffix, joining A's prefix)
   * @param nAtB app n at B (bound as etcd died: a suffix)
   * @param strays lines that reached a drain their app was never bound to (s at B, n at A)
   * @param sDuringOutage lines of s that reached A while etcd was down
   * @param dumps dumps of s answered (200 with its lines) while etcd was down
   * @param dumpFailures dumps of s that failed while etcd was down
   * @param dumpsAdvanced whether the dumps showed newer lines as the outage went on
   * @param nEffective from n's bind until its first line that reached B was written
   * @param converged from etcd's return until m's lines reach B and no longer A, and n's reach
   *     B (null when that did not happen within the limit)
   * @param routerHealthy whether the router's /health answered 200 at every check
   */
  record Result(Duration outage, int linesPerSecond, int accepted, long failedSends,
      DeliveryTally sAtA, DeliveryTally mAtA, DeliveryTally mAtB, DeliveryTally nAtB, int strays,
      int sDuringOutage, int dumps, int dumpFailures, boolean dumpsAdvanced, Duration nEffective,
      Duration converged,
      boolean routerHealthy) {

    /** Nothing lost or misrouted, the routes converged, the router kept serving. */
    boolean clean() {
      return failedSends == 0 && sAtA.complete() && sAtA.outOfOrder() == 0 && mAtA.prefix()
          && mAtB.suffix() && mAtB.first() <= mAtA.last() + 1 && mAtA.last() < accepted - 1
          && mAtA.outOfOrder() + mAtB.outOfOrder() + nAtB.outOfOrder() == 0 && nAtB.suffix()
          && strays == 0 && sDuringOutage > 0 && dumps > 0 && dumpFailures == 0 && dumpsAdvanced
          && converged != null && routerHealthy;
    }
  }

  private final LocalStack stack;
  private final Path dir;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  EtcdOutageScenario(LocalStack stack, Path dir) {
    this.stack = stack;
    this.dir = dir;
  }

  /** Runs the scenario with {@code perTick} lines per app every 50 ms. */
  Result run(Duration outage, Duration after, int perTick) throws Exception {
    String group = "etcd-outage-" + UUID.randomUUID();
    String s = "app-s-" + UUID.randomUUID();
    String m = "app-m-" + UUID.randomUUID();
    String n = "app-n-" + UUID.randomUUID();
    Map<String, String> prefixes = new LinkedHashMap<>();
    prefixes.put(s, "s");
    prefixes.put(m, "m");
    prefixes.put(n, "n");
    Phases phases = new Phases("etcd outage");
    Vertx vertx = Vertx.vertx();
    try (DrainFixtures fixtures = new DrainFixtures(stack.bootstrapServers());
        RsyslogReceiver a = RsyslogReceiver.plain(dir.resolve("a"));
        RsyslogReceiver b = RsyslogReceiver.plain(dir.resolve("b"));
        StreamsRouter router = new StreamsRouter(RouterConfig.of(stack.bootstrapServers(),
            stack.etcdEndpoint(), dir.resolve("router-state"), 0), vertx,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      String urlA = "syslog://127.0.0.1:" + a.port();
      String urlB = "syslog://127.0.0.1:" + b.port();
      fixtures.startGroupAtEnd(group);
      router.start().await();
      int bindingsBefore = bindings(router.httpPort());
      phases.mark("router started");
      put(s, urlA);
      put(m, urlA);
      try (TestForwarders.Running forwarder = new TestForwarders.Running(
              TestForwarders.config(stack.bootstrapServers(), group, dir));
          NumberedLoad load = new NumberedLoad(fixtures::sendLogs, prefixes, perTick)) {
        phases.mark("forwarder started");
        load.start();
        waitFor(() -> count("s", a) >= 200 && count("m", a) >= 200);

        phases.mark("load flowing");
        put(n, urlB);
        long bound = System.nanoTime();
        stack.etcd().kill();
        boolean etcdUp = false;
        try {
          int sBefore = count("s", a);
          DumpWatch dumps = new DumpWatch(router.httpPort(), s);
          boolean healthy = holds(outage, () -> {
            dumps.check();
            return routerUp(router.httpPort());
          });
          int sDuringOutage = count("s", a) - sBefore;

          phases.mark("outage over");
          stack.etcd().start();
          etcdUp = true;
          long back = System.nanoTime();
          phases.mark("etcd back");
          put(m, urlB);
          delete(m, urlA);
          phases.mark("etcd writes done");
          Convergence convergence = new Convergence(a, b, router.httpPort(),
              bindingsBefore + 3);
          Duration converged = waitFor(convergence::reached)
              ? Duration.ofNanos(convergence.at() - back) : null;
          phases.mark("converged");
          healthy &= holds(after, () -> routerUp(router.httpPort()));

          int accepted = load.stop();
          fixtures.flush();
          waitFor(() -> tally("s", accepted, a).complete() && tally("m", accepted, b).suffix()
              && tally("n", accepted, b).suffix());
          phases.mark("all delivered");
          List<String> atA = a.messages();
          List<String> atB = b.messages();
          DeliveryTally nAtB = DeliveryTally.of("n", accepted, atB);
          Duration nEffective = nAtB.distinct() == 0 ? null
              : Duration.ofNanos(load.sentAt(nAtB.first()) - bound);
          int strays = DeliveryTally.of("s", accepted, atB).received()
              + DeliveryTally.of("n", accepted, atA).received();
          return new Result(outage, load.linesPerSecond(), accepted, fixtures.failedSends(),
              DeliveryTally.of("s", accepted, atA), DeliveryTally.of("m", accepted, atA),
              DeliveryTally.of("m", accepted, atB), nAtB, strays, sDuringOutage, dumps.answered,
              dumps.failed, dumps.advanced(), nEffective, converged, healthy);
        } finally {
          if (!etcdUp) {
            stack.etcd().start();
          }
        }
      }
    } finally {
      vertx.close().await();
    }
  }

  private static int count(String prefix, RsyslogReceiver r) {
    return DeliveryTally.of(prefix, Integer.MAX_VALUE, r.messages()).distinct();
  }

  private static DeliveryTally tally(String prefix, int accepted, RsyslogReceiver r) {
    return DeliveryTally.of(prefix, accepted, r.messages());
  }

  /** Polls the routes after etcd's return; {@link #at()} is when the last of them changed. */
  private final class Convergence {
    private final RsyslogReceiver a;
    private final RsyslogReceiver b;
    private final int routerPort;
    private final int bindings;
    private int mAtA = -1;
    private long mAtAChanged;
    private long mAtBSeen;
    private long nAtBSeen;

    Convergence(RsyslogReceiver a, RsyslogReceiver b, int routerPort, int bindings) {
      this.a = a;
      this.b = b;
      this.routerPort = routerPort;
      this.bindings = bindings;
    }

    /** m and n reach B, m has not reached A for a while, the router mirrors s, m and n. */
    boolean reached() {
      long now = System.nanoTime();
      int mA = count("m", a);
      if (mA != mAtA) {
        mAtA = mA;
        mAtAChanged = now;
      }
      if (mAtBSeen == 0 && count("m", b) > 0) {
        mAtBSeen = now;
      }
      if (nAtBSeen == 0 && count("n", b) > 0) {
        nAtBSeen = now;
      }
      return mAtBSeen != 0 && nAtBSeen != 0 && now - mAtAChanged >= QUIET.toNanos()
          && bindings(routerPort) == bindings;
    }

    long at() {
      return Math.max(mAtAChanged, Math.max(mAtBSeen, nAtBSeen));
    }
  }

  /** Dumps one app; counts answers and failures, and keeps the first and newest line seen. */
  private final class DumpWatch {
    private final int port;
    private final String app;
    private String first;
    private String newest = "";
    int answered;
    int failed;

    DumpWatch(int port, String app) {
      this.port = port;
      this.app = app;
    }

    /** One dump; false when it did not answer 200 with the app's lines. */
    boolean check() {
      try {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + port + "/v1/recent?app=" + app + "&n=5"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
          RecentLines dump = RecentLines.parseFrom(r.body());
          if (dump.getLinesCount() > 0) {
            String last = dump.getLines(dump.getLinesCount() - 1).getLogMessage().getMessage()
                .toStringUtf8();
            first = first == null ? last : first;
            newest = last.compareTo(newest) > 0 ? last : newest;
            answered++;
            return true;
          }
        }
      } catch (java.io.IOException e) {
        // counted below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      failed++;
      return false;
    }

    /** Whether later dumps showed newer lines than the first (the router kept storing). */
    boolean advanced() {
      return first != null && newest.compareTo(first) > 0;
    }
  }

  private boolean routerUp(int port) {
    return health(port).contains("\"streams\":\"RUNNING\"");
  }

  /** The number of bindings the router's mirror holds, from its /health details. */
  private int bindings(int port) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"bindings\":\"(\\d+)\"")
        .matcher(health(port));
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private String health(int port) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Binds {@code url} to {@code app} in etcd as the cloud controller did (retries a while). */
  private void put(String app, String url) {
    etcd(c -> c.getKVClient().put(key(app, url), bytes(url)));
  }

  private void delete(String app, String url) {
    etcd(c -> c.getKVClient().delete(key(app, url)));
  }

  private static ByteSequence key(String app, String url) {
    return bytes(PREFIX + DrainFixtures.bindingId(app, url));
  }

  private static ByteSequence bytes(String value) {
    return ByteSequence.from(value, StandardCharsets.UTF_8);
  }

  /** One etcd write on a fresh client (as a cloud controller retrying would), until it works. */
  private void etcd(java.util.function.Function<Client, CompletableFuture<?>> write) {
    if (!waitFor(() -> {
      try (Client client = Client.builder().endpoints(stack.etcdEndpoint()).build()) {
        write.apply(client).get(5, TimeUnit.SECONDS);
        return true;
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return false;
      }
    })) {
      throw new IllegalStateException("etcd write did not succeed");
    }
  }
}
