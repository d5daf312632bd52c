package io.kloggregator.ops.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import io.kloggregator.ops.config.ConfigException;
import io.kloggregator.ops.config.Setting;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@link TokenFormat} settings into the signer {@code logs token} uses and the verifier
 * the gateway uses: the HS256 secret, or a PEM key file (PKCS#8 private key, SubjectPublicKeyInfo
 * public key or an X.509 certificate) of the algorithm's type (RSA of at least 2048 bits, EC on
 * P-256). Reads the file; every problem is a {@link ConfigException} naming the variable and
 * saying what to do, never a stack trace. Stateless.
 */
public final class TokenKeys {

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final int MIN_RSA_BITS = 2048;

  private TokenKeys() {
  }

  /** The signer of {@code algorithm}: {@code secret} for HS256, else the PEM private key. */
  public static JWSSigner signer(TokenAlgorithm algorithm, String secret, Path privateKey) {
    try {
      if (algorithm.isSymmetric()) {
        return new MACSigner(requireSecret(secret));
      }
      PrivateKey key = privateKey(requirePath(TokenFormat.PRIVATE_KEY, privateKey, algorithm),
          algorithm);
      return algorithm == TokenAlgorithm.RS256 ? new RSASSASigner(key)
          : new ECDSASigner((ECPrivateKey) key);
    } catch (JOSEException e) {
      throw new ConfigException(List.of((algorithm.isSymmetric() ? TokenFormat.SECRET.name()
          : TokenFormat.PRIVATE_KEY.name()) + ": cannot sign " + algorithm + " with it: "
          + e.getMessage()));
    }
  }

  /** The verifier of {@code algorithm}: {@code secret} for HS256, else the PEM public key. */
  public static JWSVerifier verifier(TokenAlgorithm algorithm, String secret, Path publicKey) {
    try {
      if (algorithm.isSymmetric()) {
        return new MACVerifier(requireSecret(secret));
      }
      PublicKey key = publicKey(requirePath(TokenFormat.PUBLIC_KEY, publicKey, algorithm),
          algorithm);
      return algorithm == TokenAlgorithm.RS256 ? new RSASSAVerifier((RSAPublicKey) key)
          : new ECDSAVerifier((ECPublicKey) key);
    } catch (JOSEException e) {
      throw new ConfigException(List.of((algorithm.isSymmetric() ? TokenFormat.SECRET.name()
          : TokenFormat.PUBLIC_KEY.name()) + ": cannot verify " + algorithm + " with it: "
          + e.getMessage()));
    }
  }

  private static byte[] requireSecret(String secret) {
    TokenFormat.SECRET.check(secret != null, null, "is required for HS256");
    return TokenFormat.SECRET.require(secret).getBytes(StandardCharsets.UTF_8);
  }

  private static Path requirePath(Setting<Path> setting, Path path, TokenAlgorithm algorithm) {
    setting.check(path != null, null, "is required for " + algorithm);
    return path;
  }

  private static PrivateKey privateKey(Path path, TokenAlgorithm algorithm) {
    Pem pem = read(TokenFormat.PRIVATE_KEY, path);
    if (!pem.label().equals("PRIVATE KEY")) {
      throw TokenFormat.PRIVATE_KEY.refusal(path, "holds a '" + pem.label() + "', not a PKCS#8 "
          + "'PRIVATE KEY'; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + path);
    }
    try {
      PrivateKey key = factory(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pem.der()));
      checkKey(TokenFormat.PRIVATE_KEY, path, key, algorithm);
      return key;
    } catch (GeneralSecurityException e) {
      throw TokenFormat.PRIVATE_KEY.refusal(path, "is not " + keyType(algorithm)
          + " private key (" + e.getMessage() + ")");
    }
  }

  private static PublicKey publicKey(Path path, TokenAlgorithm algorithm) {
    Pem pem = read(TokenFormat.PUBLIC_KEY, path);
    try {
      PublicKey key;
      if (pem.label().equals("CERTIFICATE")) {
        key = CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.der())).getPublicKey();
      } else if (pem.label().equals("PUBLIC KEY")) {
        key = factory(algorithm).generatePublic(new X509EncodedKeySpec(pem.der()));
      } else {
        throw TokenFormat.PUBLIC_KEY.refusal(path, "holds a '" + pem.label() + "', not a "
            + "'PUBLIC KEY' or 'CERTIFICATE'; extract it with: openssl pkey -pubout -in KEY");
      }
      checkKey(TokenFormat.PUBLIC_KEY, path, key, algorithm);
      return key;
    } catch (GeneralSecurityException e) {
      throw TokenFormat.PUBLIC_KEY.refusal(path, "is not " + keyType(algorithm)
          + " public key (" + e.getMessage() + ")");
    }
  }

  private static void checkKey(Setting<Path> setting, Path path, Key key,
      TokenAlgorithm algorithm) {
    if (algorithm == TokenAlgorithm.RS256) {
      setting.check(key instanceof RSAKey, path, "is not an RSA key, as RS256 needs");
      int bits = ((RSAKey) key).getModulus().bitLength();
      setting.check(bits >= MIN_RSA_BITS, path, "is a " + bits + "-bit RSA key; RS256 needs at "
          + "least " + MIN_RSA_BITS + " bits");
    } else {
      setting.check(key instanceof ECKey, path, "is not an EC key, as ES256 needs");
      setting.check(Curve.P_256.equals(Curve.forECParameterSpec(((ECKey) key).getParams())),
          path, "is not on the P-256 curve, as ES256 needs");
    }
  }

  private static KeyFactory factory(TokenAlgorithm algorithm) throws GeneralSecurityException {
    return KeyFactory.getInstance(algorithm == TokenAlgorithm.RS256 ? "RSA" : "EC");
  }

  private static String keyType(TokenAlgorithm algorithm) {
    return algorithm == TokenAlgorithm.RS256 ? "an RSA" : "an EC";
  }

  private static Pem read(Setting<Path> setting, Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw setting.refusal(path, "cannot be read (" + e + ")");
    }
    Matcher matcher = PEM.matcher(text);
    setting.check(matcher.find(), path, "is not a PEM file (no -----BEGIN ...----- block)");
    if (matcher.group(1).startsWith("ENCRYPTED")) {
      throw setting.refusal(path, "is encrypted; give an unencrypted key (openssl pkcs8 -topk8 "
          + "-nocrypt)");
    }
    try {
      return new Pem(matcher.group(1),
          Base64.getMimeDecoder().decode(matcher.group(2).replaceAll("\\s", "")));
    } catch (IllegalArgumentException e) {
      throw setting.refusal(path, "has a PEM block that is not base64");
    }
  }

  private record Pem(String label, byte[] der) {
  }
}
