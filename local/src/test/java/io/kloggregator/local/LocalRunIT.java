package io.kloggregator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kloggregator.gateway.TokenIssuer;
import io.kloggregator.testkit.LocalStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The run command's start path ({@link LocalRun} on {@link LocalStack.Options#forLocalRun()}, a
 * child-process Kafka, and the pipeline's preferred ports) and what it prints: each URL, token,
 * export and command of the table is taken from the printed text and used as a reader would.
 */
class LocalRunIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Pattern OPS_URL = Pattern.compile(
      "http://[\\d.]+:\\d+/(health|metrics)");
  private static final Pattern EXPORT = Pattern.compile("export (KLOGGREGATOR_\\w+)=(\\S+)");
  /** The token secret LocalPipeline hard-coded before every run drew its own. */
  private static final String FORMER_SECRET = "local-jwt-secret-of-at-least-32-bytes!";

  private static LocalRun run;
  private static String printed;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startTheRun() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    run = LocalRun.start(LocalStack.Options.forLocalRun(), LocalPipeline.Options.forLocalRun(),
        out);
    Instructions.print(out, run, Duration.ofSeconds(1));
    printed = bytes.toString(StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stopTheRun() {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void everyPrintedHealthAndMetricsUrlAnswers() throws Exception {
    List<String> urls = OPS_URL.matcher(printed).results().map(m -> m.group())
        .toList();

    assertThat(urls).as("etcd, agent, bridge, router, gateway, drain forwarder").hasSize(12);
    for (String url : urls) {
      HttpResponse<String> answer = get(url, null);
      assertThat(answer.statusCode()).as(url + ": " + answer.body()).isEqualTo(200);
    }
  }

  @Test
  void everyPortIsBoundToLoopbackOnly() throws Exception {
    // 127.0.0.2 reaches a listener bound to every interface but not one bound to 127.0.0.1, so
    // the check holds on a host with no address other than loopback too.
    List<InetAddress> others = new ArrayList<>(nonLoopbackAddresses());
    others.add(InetAddress.getByName("127.0.0.2"));
    List<Integer> ports = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(printed)
        .results().map(m -> Integer.parseInt(m.group(1))).distinct().toList();

    assertThat(ports).contains(run.pipeline().gatewayPort(), run.pipeline().routerPort(),
        run.pipeline().drainOpsPort(), run.pipeline().bridgeOpsPort(),
        run.pipeline().agentOpsPort());
    for (InetAddress address : others) {
      for (int port : ports) {
        assertThatThrownBy(() -> connect(address, port))
            .as("port %d on %s", port, address.getHostAddress())
            .isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void theBrowserUrlOpensThePageWithTheDemoTokenInTheFragment() throws Exception {
    String browser = line("browser").split("\\s+")[2];

    assertThat(browser).isEqualTo(run.gatewayUrl() + "/?app=demo-app#token=" + run.demoToken());
    HttpResponse<String> page = get(browser.substring(0, browser.indexOf('#')), null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/html"));
  }

  @Test
  void theAdminTokenReadsAnyAppTheDemoTokenOnlyTheDemoAppAndNoFixedSecretIsTrusted()
      throws Exception {
    String demo = token("# reads demo-app only");
    String admin = token("# admin");
    String recent = run.gatewayUrl() + "/recent?app=";
    String forged = new TokenIssuer(FORMER_SECRET).issue(List.of("demo-app"), true,
        Duration.ofMinutes(5));

    assertThat(get(recent + "demo-app", demo).statusCode()).isEqualTo(200);
    assertThat(get(recent + "another-app", demo).statusCode()).isEqualTo(401);
    assertThat(get(recent + "another-app", admin).statusCode()).isEqualTo(200);
    assertThat(get(recent + "demo-app", admin).statusCode()).isEqualTo(200);
    assertThat(get(recent + "demo-app", forged).statusCode())
        .as("a token signed with the secret every run used to share").isEqualTo(401);
  }

  @Test
  void theDemoAppsFirstLineShowsInTheTailPreview() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    TailPreview.show(run.demoTail(), run.demoToken(), 5, out);

    await().atMost(PATIENCE).until(() -> bytes.toString(StandardCharsets.UTF_8)
        .lines().filter(l -> l.startsWith("  tail> ")).count() == 5);
    String firstFrame = bytes.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    assertThat(firstFrame).contains("(demo line 1)").contains("\"app\":\"demo-app\"");
  }

  @Test
  void thePrintedExportsRecentAndReplayCommandsWork() throws Exception {
    Map<String, String> env = exports();
    await().atMost(PATIENCE).until(() -> get(run.gatewayUrl() + "/recent?app=demo-app",
        run.demoToken()).body().contains("(demo line 3)"));

    CliProcess.Result recent = CliProcess.run(env, command("--recent -n 20"));
    CliProcess.Result replay = CliProcess.run(env, command("replay demo-app"));

    assertThat(env).containsOnlyKeys("KLOGGREGATOR_GATEWAY", "KLOGGREGATOR_KAFKA_BOOTSTRAP",
        "KLOGGREGATOR_ETCD_ENDPOINTS", "KLOGGREGATOR_TOKEN");
    assertThat(recent.exit()).as(recent.err()).isZero();
    assertThat(recent.out()).contains("(demo line ");
    assertThat(recent.out().lines().filter(l -> l.contains("demo line")))
        .hasSizeLessThanOrEqualTo(20);
    assertThat(replay.exit()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("(demo line 1)").contains("(demo line 3)");
    assertThat(replay.err()).contains("Replayed ");
  }

  /** The CLI block's exports, the first token (the demo app's) kept. */
  private static Map<String, String> exports() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String row : printed.lines().filter(l -> !l.contains("# admin")).toList()) {
      Matcher m = EXPORT.matcher(row);
      if (m.find()) {
        env.putIfAbsent(m.group(1), m.group(2));
      }
    }
    return env;
  }

  /** The arguments of the printed {@code scripts/logs} line containing {@code fragment}. */
  private static List<String> command(String fragment) {
    String row = printed.lines().filter(l -> l.contains("scripts/logs ") && l.contains(fragment))
        .findFirst().orElseThrow(() -> new AssertionError("no command with " + fragment
            + " in:\n" + printed));
    String args = row.substring(row.indexOf("scripts/logs ") + "scripts/logs ".length());
    int comment = args.indexOf('#');
    return Arrays.stream((comment < 0 ? args : args.substring(0, comment)).trim().split("\\s+"))
        .toList();
  }

  private static String token(String comment) {
    String row = printed.lines().filter(l -> l.contains("export KLOGGREGATOR_TOKEN=")
        && l.contains(comment)).findFirst().orElseThrow();
    Matcher m = EXPORT.matcher(row);
    assertThat(m.find()).isTrue();
    return m.group(2);
  }

  /** The printed row whose label is {@code label}. */
  private static String line(String label) {
    return printed.lines().filter(l -> l.startsWith("  " + label + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + label + " row in:\n" + printed));
  }

  private HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void connect(InetAddress address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1000);
    }
  }

  private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
    return NetworkInterface.networkInterfaces().filter(LocalRunIT::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .collect(Collectors.toList());
  }

  private static boolean isUp(NetworkInterface nic) {
    try {
      return nic.isUp();
    } catch (SocketException e) {
      return false;
    }
  }
}
