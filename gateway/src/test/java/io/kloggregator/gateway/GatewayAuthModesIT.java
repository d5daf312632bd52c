package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.RSAKey;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.kloggregator.testkit.SharedStack;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gateways in oidc and cf mode on the testkit broker, on the real /tail/ and /recent paths: an
 * OpenID provider on a real HTTP server ({@link IdentityProviderStub}) and, for cf mode, a
 * stand-in for Cloud Controller's {@code /v3/apps/<guid>} ({@link CloudControllerStub}: no Cloud
 * Controller can be installed here) that allows, denies or never answers.
 */
@ExtendWith(SharedStack.class)
class GatewayAuthModesIT {

  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static Vertx vertx;
  static IdentityProviderStub provider;
  static CloudControllerStub cloudController;
  static RSAKey key = IdentityProviderStub.rsaKey("uaa-key");
  static Gateway oidc;
  static Gateway cf;
  static LogProducer producer;

  @BeforeAll
  static void start(LocalStack stack) {
    vertx = Vertx.vertx();
    provider = IdentityProviderStub.start(vertx);
    provider.publish(key);
    cloudController = CloudControllerStub.start(vertx);
    Map<String, String> base = Map.of(
        "KLOGGREGATOR_KAFKA_BOOTSTRAP", stack.bootstrapServers(),
        "KLOGGREGATOR_GATEWAY_ROUTERS", "http://127.0.0.1:9",
        "KLOGGREGATOR_GATEWAY_HOST", "127.0.0.1",
        "KLOGGREGATOR_GATEWAY_PORT", "0",
        "KLOGGREGATOR_GATEWAY_OIDC_ISSUER", provider.issuer().toString(),
        "KLOGGREGATOR_GATEWAY_OIDC_AUDIENCE", IdentityProviderStub.AUDIENCE);
    oidc = Gateways.started(vertx, GatewayConfig.fromEnv(with(base,
        "KLOGGREGATOR_GATEWAY_AUTH_MODE", "oidc")));
    cf = Gateways.started(vertx, GatewayConfig.fromEnv(with(with(with(base,
        "KLOGGREGATOR_GATEWAY_AUTH_MODE", "cf"),
        "KLOGGREGATOR_GATEWAY_CF_API", cloudController.api().toString()),
        "KLOGGREGATOR_GATEWAY_CF_TIMEOUT_MS", "500")));
    producer = new LogProducer(stack.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    if (producer != null) {
      producer.close();
    }
    for (AutoCloseable closeable : new AutoCloseable[] {oidc, cf, provider, cloudController}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> out = new HashMap<>(env);
    out.put(name, value);
    return out;
  }

  static String token(String scope, List<String> apps) {
    return IdentityProviderStub.sign(key, provider.claims(Instant.now()).claim("scope", scope)
        .claim("apps", apps).build());
  }

  static HttpResponse<String> recent(Gateway gateway, String query, String token)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.port() + "/recent?" + query));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void awaitLine(WsClient tail, String app, String text) {
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
      producer.send(app, text);
      return tail.lineTexts().contains(text);
    });
  }

  @Test
  void inOidcModeTheProvidersTokenTailsTheAppsOfItsClaim() {
    String app = "oidc-app";
    String token = token("openid", List.of(app));

    try (WsClient tail = WsClient.open(vertx, oidc.port(), "/tail/?app=" + app + "&format=json",
        token)) {
      awaitLine(tail, app, "seen through oidc");
    }
    assertThat(WsClient.upgradeStatus(vertx, oidc.port(), "/tail/?app=other&format=json",
        token)).isEqualTo(403);
    assertThat(WsClient.upgradeStatus(vertx, oidc.port(), "/tail/?app=other&format=json",
        token("openid logs.admin", List.of()))).isEqualTo(101);
    assertThat(WsClient.upgradeStatus(vertx, oidc.port(), "/tail/?app=" + app + "&format=json",
        IdentityProviderStub.sign(IdentityProviderStub.rsaKey("uaa-key"),
            provider.claims(Instant.now()).claim("apps", List.of(app)).build())))
        .as("signed by a key the provider never published").isEqualTo(401);
  }

  @Test
  void inCfModeCloudControllerDecidesEachTailAndRecent() throws Exception {
    String allowed = "6b2c3f4e-0000-4000-8000-000000000001";
    String denied = "6b2c3f4e-0000-4000-8000-000000000002";
    cloudController.answer(allowed, 200);
    cloudController.answer(denied, 403);
    String token = token("openid cloud_controller.read", List.of(denied));

    try (WsClient tail = WsClient.open(vertx, cf.port(), "/tail/?app=" + allowed
        + "&format=json", token)) {
      awaitLine(tail, allowed, "seen through cf");
    }
    assertThat(WsClient.upgradeStatus(vertx, cf.port(), "/tail/?app=" + denied
        + "&format=json", token)).isEqualTo(403);
    HttpResponse<String> refused = recent(cf, "app=" + denied + "&format=json", token);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("Cloud Controller does not let this token read app");
    assertThat(cloudController.callsFor(allowed)).as("cached").isEqualTo(1);
  }

  @Test
  void inCfModeACloudControllerThatDoesNotAnswerIs503FailClosed() throws Exception {
    String slow = "6b2c3f4e-0000-4000-8000-000000000003";
    cloudController.answer(slow, CloudControllerStub.SLOW);
    String token = token("openid", List.of());

    HttpResponse<String> json = recent(cf, "app=" + slow + "&format=json", token);
    HttpResponse<String> original = recent(cf, "app=" + slow + "&authorization=bearer+"
        + token, null);

    assertThat(json.statusCode()).isEqualTo(503);
    assertThat(json.headers().firstValue("Retry-After")).contains("5");
    assertThat(json.body()).contains("Cloud Controller cannot be asked whether this token may "
        + "read app " + slow, "within 500 ms");
    assertThat(original.statusCode()).as("an outage is no denial, for the original too")
        .isEqualTo(503);
    assertThat(WsClient.upgradeStatus(vertx, cf.port(), "/tail/?app=" + slow + "&format=json",
        token)).isEqualTo(503);
  }
}
