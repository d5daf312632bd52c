package io.kloggregator.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID provider for tests, on a real Vert.x HTTP server on loopback: the discovery document
 * at {@code /.well-known/openid-configuration} naming {@code /token_keys} (UAA's path) as its
 * JWKS, which serves the public halves of the keys currently published. Keys can be rotated
 * (published set replaced) and the server closed (a dead provider). Signs tokens as the
 * provider would. Counts key fetches.
 */
final class IdentityProviderStub implements AutoCloseable {

  static final String AUDIENCE = "kloggregator";

  final AtomicInteger keyFetches = new AtomicInteger();
  private final HttpServer server;
  private volatile List<JWK> published = new ArrayList<>();

  private IdentityProviderStub(HttpServer server) {
    this.server = server;
  }

  static IdentityProviderStub start(Vertx vertx) {
    IdentityProviderStub[] stub = new IdentityProviderStub[1];
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      switch (request.path()) {
        case "/.well-known/openid-configuration" -> request.response()
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("issuer", stub[0].issuer().toString())
                .put("jwks_uri", stub[0].issuer() + "/token_keys").encode());
        case "/token_keys" -> {
          stub[0].keyFetches.incrementAndGet();
          request.response().putHeader("Content-Type", "application/json")
              .end(new JWKSet(stub[0].published).toPublicJWKSet().toString());
        }
        default -> request.response().setStatusCode(404).end();
      }
    });
    stub[0] = new IdentityProviderStub(server);
    server.listen(0, "127.0.0.1").await();
    return stub[0];
  }

  URI issuer() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  /** The provider settings a gateway would be given for this provider, fetching at will. */
  OidcConfig config(Duration refreshInterval) {
    return new OidcConfig(issuer(), null, AUDIENCE, "apps", "scope",
        GatewayConfig.DEFAULT_ADMIN_SCOPES, refreshInterval, Duration.ofSeconds(10));
  }

  /** Publishes exactly {@code keys} from now on (a rotation drops the others). */
  void publish(JWK... keys) {
    published = List.of(keys);
  }

  static RSAKey rsaKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ecKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The claims of a good token: this issuer, the audience, valid for 5 more minutes. */
  JWTClaimsSet.Builder claims(Instant now) {
    return new JWTClaimsSet.Builder().issuer(issuer().toString()).audience(List.of(AUDIENCE,
        "openid")).subject("user-1").issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
  }

  /** {@code claims} signed with {@code key} (RS256 or ES256), its kid in the header. */
  static String sign(JWK key, JWTClaimsSet claims) {
    try {
      JWSAlgorithm algorithm = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
      JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa)
          : new ECDSASigner((ECKey) key);
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
          .build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close().await();
  }
}
