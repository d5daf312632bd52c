package io.kloggregator.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.proto.LogMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Our encoder against bytes made by independent encoders (Debian's protoc and openssl) from the
 * text fixtures beside them; {@code src/test/resources/golden/make-golden.sh} regenerates them.
 */
class GoldenBytesTest {

  private static final SharedSecret SECRET = SharedSecret.of("golden-secret");

  static LogMessage goldenMessage() {
    return LogMessage.newBuilder()
        .setMessage(
            ByteString.copyFrom("Express server started on :8080 é", StandardCharsets.UTF_8))
        .setMessageType(LogMessage.MessageType.ERR)
        .setTimestamp(1395000000123456789L)
        .setAppId("6f0c2a1e-7c3b-4a1d-9a55-0e4c1b2d3f40")
        .setSourceId("3")
        .addDrainUrls("syslog://logs.example.com:514")
        .setSourceName("App")
        .build();
  }

  @Test
  void logMessageBytesEqualProtocEncoding() throws IOException {
    assertThat(goldenMessage().toByteArray()).isEqualTo(fixture("log_message.bin"));
  }

  @Test
  void hmacEnvelopeBytesEqualProtocAndOpensslEncoding() throws IOException {
    byte[] encoded = new EnvelopeCodec(SECRET, false).encode(goldenMessage(), SignatureMode.HMAC);

    assertThat(encoded).isEqualTo(fixture("envelope_hmac.bin"));
  }

  @Test
  void protocEnvelopeDecodesToTheSameMessage() throws IOException {
    byte[] datagram = fixture("envelope_hmac.bin");

    EnvelopeCodec.Decoded decoded = new EnvelopeCodec(SECRET, false)
        .decode(datagram, 0, datagram.length);

    assertThat(decoded.reason()).isNull();
    assertThat(decoded.message()).isEqualTo(goldenMessage());
  }

  @Test
  void legacySignatureFromOpensslVerifies() throws IOException {
    LegacySignature legacy = new LegacySignature(SECRET, new SecureRandom());
    byte[] text = goldenMessage().getMessage().toByteArray();

    assertThat(legacy.verify(text, fixture("legacy_signature.bin"))).isTrue();
    assertThat(legacy.verify("another text".getBytes(StandardCharsets.UTF_8),
        fixture("legacy_signature.bin"))).isFalse();
  }

  @Test
  void legacySignatureHasTheOriginalsLayout() {
    byte[] signature = new LegacySignature(SECRET, new SecureRandom()).sign(new byte[] {'x'});

    assertThat(signature).hasSize(64);
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = GoldenBytesTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return in.readAllBytes();
    }
  }
}
