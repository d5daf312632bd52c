package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cloud Foundry mode: {@link CloudControllerAccess} and {@link Access} with a UAA-like provider
 * ({@link IdentityProviderStub}) and a stand-in for Cloud Controller's {@code /v3/apps/<guid>}
 * ({@link CloudControllerStub}, a real HTTP server: no Cloud Controller can be installed here).
 */
class CloudControllerAccessTest {

  /** The timeout the slow-answer test waits out; the others allow a loaded machine 10 s. */
  static final Duration TIMEOUT = Duration.ofMillis(300);
  static final Duration GENEROUS = Duration.ofSeconds(10);

  final Vertx vertx = Vertx.vertx();
  final IdentityProviderStub uaa = IdentityProviderStub.start(vertx);
  final CloudControllerStub cc = CloudControllerStub.start(vertx);
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final RSAKey key = IdentityProviderStub.rsaKey("uaa-1");
  final ProviderClient client = new ProviderClient(vertx, vertx.createHttpClient());
  final Instant now = OidcVerifierTest.NOW;

  CloudControllerAccessTest() {
    uaa.publish(key);
  }

  @AfterEach
  void stop() {
    uaa.close();
    cc.close();
    vertx.close().await();
  }

  Access access(URI api, int cacheSize) {
    return access(api, cacheSize, GENEROUS);
  }

  Access access(URI api, int cacheSize, Duration timeout) {
    OidcConfig oidc = uaa.config(Duration.ZERO);
    OidcVerifier verifier = new OidcVerifier(oidc, new JwksKeys(client, oidc, nanos::get), false,
        OidcVerifierTest.CLOCK);
    return new Access(verifier, new CloudControllerAccess(client,
        new CloudControllerConfig(api, timeout, Duration.ofSeconds(30), cacheSize), nanos::get));
  }

  Access access() {
    return access(cc.api(), 100);
  }

  String userToken(String scopes) {
    return IdentityProviderStub.sign(key, uaa.claims(now).claim("scope", scopes)
        // An apps claim means nothing in cf mode: Cloud Controller decides.
        .claim("apps", List.of("app-slow", "app-403")).build());
  }

  static MultiMap bearer(String token) {
    return AccessTest.headers("Authorization", "Bearer " + token);
  }

  static Access.Decision decide(Access access, String token, String app) throws Exception {
    return access.authorize(bearer(token), AccessTest.headers(), app).toCompletionStage()
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void cloudControllersAnswerDecidesWithTheUsersOwnToken() throws Exception {
    cc.answer("app-200", 200);
    cc.answer("app-403", 403);
    cc.answer("app-401", 401);
    Access access = access();
    String token = userToken("openid cloud_controller.read");

    assertThat(decide(access, token, "app-200"))
        .isEqualTo(new Access.Decision(200, "", now.plus(Duration.ofMinutes(5))));
    assertThat(decide(access, token, "app-403")).isEqualTo(Access.Decision.refused(403,
        "Cloud Controller does not let this token read app app-403"));
    assertThat(decide(access, token, "app-404").status()).isEqualTo(403);
    assertThat(decide(access, token, "app-401")).isEqualTo(Access.Decision.refused(401,
        "Cloud Controller refused the token"));
    assertThat(cc.lastAuthorization).isEqualTo("bearer " + token);
  }

  @Test
  void answersAreCachedPerTokenAndAppForTheTtl() throws Exception {
    cc.answer("app-200", 200);
    cc.answer("app-403", 403);
    Access access = access();
    String token = userToken("openid");

    for (int i = 0; i < 3; i++) {
      assertThat(decide(access, token, "app-200").allowed()).isTrue();
      assertThat(decide(access, token, "app-403").status()).isEqualTo(403);
    }
    assertThat(cc.callsFor("app-200")).isEqualTo(1);
    assertThat(cc.callsFor("app-403")).isEqualTo(1);
    decide(access, userToken("openid other"), "app-200");
    assertThat(cc.callsFor("app-200")).as("another token is asked for").isEqualTo(2);

    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    decide(access, token, "app-200");

    assertThat(cc.callsFor("app-200")).as("after the TTL").isEqualTo(3);
  }

  @Test
  void theCacheKeepsAtMostItsSizeDroppingTheLeastRecentlyUsed() throws Exception {
    cc.answer("a", 200);
    cc.answer("b", 200);
    Access access = access(cc.api(), 1);
    String token = userToken("openid");

    decide(access, token, "a");
    decide(access, token, "b");
    decide(access, token, "a");

    assertThat(cc.callsFor("a")).isEqualTo(2);
    assertThat(cc.callsFor("b")).isEqualTo(1);
  }

  @Test
  void concurrentQuestionsForOnePairShareOneRequest() throws Exception {
    cc.answer("app-200", 200);
    Access access = access();
    String token = userToken("openid");
    decide(access, token, "warm-up-keys");

    List<Future<Access.Decision>> decisions = List.of(
        access.authorize(bearer(token), AccessTest.headers(), "app-200"),
        access.authorize(bearer(token), AccessTest.headers(), "app-200"),
        access.authorize(bearer(token), AccessTest.headers(), "app-200"));

    Future.all(decisions).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(decisions).allMatch(d -> d.result().allowed());
    assertThat(cc.callsFor("app-200")).isEqualTo(1);
  }

  @Test
  void aSlowCloudControllerTimesOutInto503AndIsNotCached() throws Exception {
    cc.answer("app-slow", CloudControllerStub.SLOW);
    Access access = access(cc.api(), 100, TIMEOUT);
    String token = userToken("openid");
    decide(access, token, "warm-up-keys");

    long started = System.nanoTime();
    Access.Decision decision = decide(access, token, "app-slow");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(decision.status()).isEqualTo(503);
    assertThat(decision.reason()).startsWith("Cloud Controller cannot be asked whether this "
        + "token may read app app-slow: no answer from " + cc.api() + "/v3/apps/app-slow within "
        + TIMEOUT.toMillis() + " ms");
    assertThat(took).isBetween(TIMEOUT, TIMEOUT.plusSeconds(5));
    cc.answer("app-slow", 200);
    assertThat(decide(access, token, "app-slow").allowed()).isTrue();
  }

  @Test
  void aDeadCloudControllerIsFailClosedWith503() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Access access = access(URI.create("http://127.0.0.1:" + closed), 100);

    Access.Decision decision = decide(access, userToken("openid"), "app-200");

    assertThat(decision.status()).isEqualTo(503);
    assertThat(decision.reason()).startsWith("Cloud Controller cannot be asked");
  }

  @Test
  void cloudControllerErrorsAre503() throws Exception {
    cc.answer("app-500", 500);

    Access.Decision decision = decide(access(), userToken("openid"), "app-500");

    assertThat(decision).isEqualTo(Access.Decision.refused(503, "Cloud Controller cannot be "
        + "asked whether this token may read app app-500: Cloud Controller answered 500"));
  }

  @Test
  void adminScopesReadEveryAppWithoutAskingCloudController() throws Exception {
    Access access = access();
    String admin = userToken("openid doppler.firehose");

    assertThat(decide(access, admin, "any-app").allowed()).isTrue();
    assertThat(access.authorizeAdmin(bearer(admin), AccessTest.headers()).toCompletionStage()
        .toCompletableFuture().get(10, TimeUnit.SECONDS).allowed()).isTrue();
    assertThat(cc.calls).isEmpty();
  }

  @Test
  void aTokenUaaDidNotSignIsRefusedBeforeCloudControllerIsAsked() throws Exception {
    String forged = IdentityProviderStub.sign(IdentityProviderStub.rsaKey("uaa-1"),
        uaa.claims(now).build());

    assertThat(decide(access(), forged, "app-200"))
        .isEqualTo(Access.Decision.refused(401, "invalid or expired token"));
    assertThat(cc.calls).isEmpty();
  }

  @Test
  void theSynchronousCheckAnswers503WhileCloudControllerIsAskedThenTheCachedAnswer()
      throws Exception {
    cc.answer("app-200", 200);
    Access access = access();
    String token = userToken("openid");
    decide(access, token, "warm-up-keys");
    cc.hold("app-200");

    Access.Decision pending = access.check(bearer(token), AccessTest.headers(), "app-200");
    cc.release("app-200");
    decide(access, token, "app-200");

    assertThat(pending.status()).isEqualTo(503);
    assertThat(access.check(bearer(token), AccessTest.headers(), "app-200").allowed()).isTrue();
  }

  @Test
  void appIdsAreOnePathSegment() {
    assertThat(CloudControllerAccess.pathSegment("6f1b0c4e-9a3d-4e7a-b1a2-0c9d8e7f6a5b"))
        .isEqualTo("6f1b0c4e-9a3d-4e7a-b1a2-0c9d8e7f6a5b");
    assertThat(CloudControllerAccess.pathSegment("../../v2/info?x=1"))
        .isEqualTo("..%2F..%2Fv2%2Finfo%3Fx%3D1");
    assertThat(CloudControllerAccess.pathSegment("..")).isEqualTo("%2E%2E");
  }
}
