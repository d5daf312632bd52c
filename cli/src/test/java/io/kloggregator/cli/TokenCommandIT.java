package io.kloggregator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.gateway.Gateway;
import io.kloggregator.gateway.GatewayConfig;
import io.kloggregator.ops.token.TokenAlgorithm;
import io.kloggregator.schemas.proto.LogMessage.MessageType;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.kloggregator.testkit.SharedStack;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A token {@code logs token} mints, in each algorithm, is accepted by a real gateway on the
 * testkit's broker configured from the same variables (the public key instead of the private
 * one): the CLI then tails the app with it and gets its line; another app is 403, and a token of
 * another key is 401.
 */
@ExtendWith(SharedStack.class)
class TokenCommandIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String SECRET = "token-it-secret-of-at-least-32-bytes!!";

  private static LocalStack stack;
  private static Vertx vertx;
  private static LogProducer producer;

  @TempDir
  Path dir;

  @BeforeAll
  static void start(LocalStack shared) {
    Awaitility.doNotCatchUncaughtExceptionsByDefault();
    stack = shared;
    vertx = Vertx.vertx();
    producer = new LogProducer(stack.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    if (producer != null) {
      producer.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  /** The key settings of {@code algorithm}: [0] for the CLI, [1] for the gateway. */
  private Map<String, String>[] keys(TokenAlgorithm algorithm, String name) throws Exception {
    Map<String, String> cli = new HashMap<>();
    Map<String, String> gateway = new HashMap<>();
    cli.put("KLOGGREGATOR_GATEWAY_JWT_ALGORITHM", algorithm.name());
    gateway.put("KLOGGREGATOR_GATEWAY_JWT_ALGORITHM", algorithm.name());
    if (algorithm == TokenAlgorithm.HS256) {
      cli.put("KLOGGREGATOR_GATEWAY_JWT_SECRET", name + SECRET);
      gateway.put("KLOGGREGATOR_GATEWAY_JWT_SECRET", name + SECRET);
    } else {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(
          algorithm == TokenAlgorithm.RS256 ? "RSA" : "EC");
      if (algorithm == TokenAlgorithm.RS256) {
        generator.initialize(2048);
      } else {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      }
      KeyPair pair = generator.generateKeyPair();
      cli.put("KLOGGREGATOR_GATEWAY_JWT_PRIVATE_KEY",
          pem(name + "-key.pem", "PRIVATE KEY", pair.getPrivate().getEncoded()).toString());
      gateway.put("KLOGGREGATOR_GATEWAY_JWT_PUBLIC_KEY",
          pem(name + "-pub.pem", "PUBLIC KEY", pair.getPublic().getEncoded()).toString());
    }
    @SuppressWarnings("unchecked")
    Map<String, String>[] both = new Map[] {cli, gateway};
    return both;
  }

  private Path pem(String file, String label, byte[] der) throws Exception {
    return Files.writeString(dir.resolve(file), "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label + "-----\n");
  }

  private static String mint(Map<String, String> env, String... args) {
    TestTerminal terminal = new TestTerminal(env);
    String[] command = new String[args.length + 1];
    command[0] = "token";
    System.arraycopy(args, 0, command, 1, args.length);
    assertThat(terminal.run(command)).as(terminal.err()).isZero();
    return terminal.out().trim();
  }

  @ParameterizedTest
  @EnumSource(TokenAlgorithm.class)
  void aMintedTokenIsAcceptedByAGatewayWithTheSameSettings(TokenAlgorithm algorithm)
      throws Exception {
    Map<String, String>[] keys = keys(algorithm, "right");
    Map<String, String> gatewayEnv = new HashMap<>(keys[1]);
    gatewayEnv.put("KLOGGREGATOR_KAFKA_BOOTSTRAP", stack.bootstrapServers());
    gatewayEnv.put("KLOGGREGATOR_GATEWAY_ROUTERS", "http://127.0.0.1:9");
    gatewayEnv.put("KLOGGREGATOR_GATEWAY_HOST", "127.0.0.1");
    gatewayEnv.put("KLOGGREGATOR_GATEWAY_PORT", "0");
    Gateway gateway = new Gateway(GatewayConfig.fromEnv(gatewayEnv), vertx,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    gateway.start().await();
    String app = "token-" + algorithm.name().toLowerCase(Locale.ROOT);
    String url = "http://127.0.0.1:" + gateway.port();
    String token = mint(keys[0], "--app", app, "--ttl", "10m");
    String foreign = mint(keys(algorithm, "wrong")[0], "--app", app);
    try (RunningCli cli = RunningCli.start(Map.of(), app, "--gateway", url, "--token", token)) {

      await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
        assertThat(cli.hasExited()).as("exited early: %s", cli.err()).isFalse();
        producer.write(app, "0", MessageType.OUT, "line for " + algorithm, Instant.now());
        return cli.out().contains("line for " + algorithm);
      });

      assertThat(new TestTerminal(Map.of()).run("other-app", "--gateway", url, "--token", token))
          .isEqualTo(ExitCode.FORBIDDEN);
      assertThat(new TestTerminal(Map.of()).run(app, "--gateway", url, "--token", foreign))
          .isEqualTo(ExitCode.UNAUTHORIZED);
    } finally {
      gateway.close();
    }
  }
}
