package io.kloggregator.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import io.kloggregator.schemas.EnvelopeCodec.Decoded;
import io.kloggregator.schemas.EnvelopeCodec.RejectReason;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.proto.LogEnvelope;
import io.kloggregator.schemas.proto.LogMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  private final EnvelopeCodec codec = new EnvelopeCodec(SharedSecret.of("s3cret"), true);
  private final LogMessage line = GoldenBytesTest.goldenMessage();

  @Test
  void acceptsEachSignatureMode() {
    for (SignatureMode mode : SignatureMode.values()) {
      Decoded decoded = decode(codec.encode(line, mode));

      assertThat(decoded.message()).as(mode.name()).isEqualTo(line);
      assertThat(decoded.legacySigned()).as(mode.name()).isEqualTo(mode == SignatureMode.LEGACY);
    }
  }

  @Test
  void refusesLegacySignedEnvelopeWhenLegacyIsOff() {
    EnvelopeCodec strict = new EnvelopeCodec(SharedSecret.of("s3cret"), false);

    byte[] legacy = codec.encode(line, SignatureMode.LEGACY);

    assertThat(strict.decode(legacy, 0, legacy.length).reason())
        .isEqualTo(RejectReason.LEGACY_REFUSED);
  }

  @Test
  void refusesLegacySignedEnvelopeFromASourceNotAllowedOne() {
    byte[] legacy = codec.encode(line, SignatureMode.LEGACY);

    assertThat(codec.decode(legacy, 0, legacy.length, false).reason())
        .isEqualTo(RejectReason.LEGACY_SOURCE_REFUSED);
    assertThat(codec.decode(legacy, 0, legacy.length, true).message()).isEqualTo(line);
  }

  @Test
  void acceptsHmacSignedEnvelopesFromAnySource() {
    for (SignatureMode mode : new SignatureMode[] {SignatureMode.HMAC, SignatureMode.BOTH}) {
      byte[] signed = codec.encode(line, mode);

      assertThat(codec.decode(signed, 0, signed.length, false).message()).as(mode.name())
          .isEqualTo(line);
    }
  }

  @Test
  void dropsEnvelopeSignedWithAnotherSecret() {
    byte[] foreign = new EnvelopeCodec(SharedSecret.of("other"), true)
        .encode(line, SignatureMode.BOTH);
    byte[] foreignLegacy = new EnvelopeCodec(SharedSecret.of("other"), true)
        .encode(line, SignatureMode.LEGACY);

    assertThat(decode(foreign).reason()).isEqualTo(RejectReason.BAD_SIGNATURE);
    assertThat(decode(foreignLegacy).reason()).isEqualTo(RejectReason.BAD_SIGNATURE);
  }

  @Test
  void hmacCatchesReplayUnderAnotherAppButLegacySignatureDoesNot() throws Exception {
    LogMessage stolen = line.toBuilder().setAppId("victim").build();
    for (SignatureMode mode : new SignatureMode[] {SignatureMode.HMAC, SignatureMode.LEGACY}) {
      LogEnvelope captured = LogEnvelope.parseFrom(codec.encode(line, mode));
      byte[] replayed = captured.toBuilder()
          .setRoutingKey("victim").setLogMessage(stolen).build().toByteArray();

      Decoded decoded = decode(replayed);

      if (mode == SignatureMode.HMAC) {
        assertThat(decoded.reason()).isEqualTo(RejectReason.BAD_SIGNATURE);
      } else {
        assertThat(decoded.isAccepted())
            .as("the original's signature covers the text only")
            .isTrue();
      }
    }
  }

  @Test
  void dropsEnvelopeWhoseRoutingKeyIsNotItsAppId() throws Exception {
    LogEnvelope envelope = LogEnvelope.parseFrom(codec.encode(line, SignatureMode.HMAC));
    byte[] moved = envelope.toBuilder().setRoutingKey("elsewhere").build().toByteArray();

    assertThat(decode(moved).reason()).isEqualTo(RejectReason.ROUTING_KEY_MISMATCH);
  }

  @Test
  void dropsMessageWithoutAppId() {
    LogMessage anonymous = line.toBuilder().setAppId("").build();

    assertThat(decode(codec.encode(anonymous, SignatureMode.HMAC)).reason())
        .isEqualTo(RejectReason.MISSING_APP_ID);
  }

  @Test
  void dropsOversizedMessage() {
    LogMessage huge = line.toBuilder()
        .setMessage(ByteString.copyFrom(new byte[MessageLimits.MAX_MESSAGE_BYTES + 1])).build();

    assertThat(decode(codec.encode(huge, SignatureMode.HMAC)).reason())
        .isEqualTo(RejectReason.OVERSIZED);
  }

  @Test
  void truncatedDatagramsAreUndecodableNotErrors() {
    byte[] whole = codec.encode(line, SignatureMode.HMAC);
    for (int cut = 0; cut < whole.length; cut++) {
      Decoded decoded = codec.decode(whole, 0, cut);

      assertThat(decoded.isAccepted()).as("cut at %d", cut).isFalse();
    }
  }

  @Test
  void randomGarbageIsRejectedWithoutThrowing() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] garbage = new byte[random.nextInt(300)];
      random.nextBytes(garbage);

      assertThat(codec.decode(garbage, 0, garbage.length).isAccepted()).isFalse();
    }
  }

  @Test
  void flippedBitsNeverPassAsTheOriginalMessage() {
    byte[] whole = codec.encode(line, SignatureMode.HMAC);
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      byte[] mutated = Arrays.copyOf(whole, whole.length);
      int at = random.nextInt(mutated.length);
      mutated[at] ^= (byte) (1 << random.nextInt(8));

      Decoded decoded = decode(mutated);

      if (decoded.isAccepted()) {
        assertThat(decoded.message()).isEqualTo(line);
      }
    }
  }

  @Test
  void decodesEnvelopeInTheMiddleOfABuffer() {
    byte[] whole = codec.encode(line, SignatureMode.HMAC);
    byte[] buffer = new byte[whole.length + 20];
    System.arraycopy(whole, 0, buffer, 7, whole.length);

    assertThat(codec.decode(buffer, 7, whole.length).message()).isEqualTo(line);
  }

  @Test
  void handsOnTheMessageBytesAsTheyArrivedNotReEncoded() throws Exception {
    // the golden line's fields in reverse order, then an unknown field 15: valid, not canonical
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream body = CodedOutputStream.newInstance(out);
    body.writeString(8, line.getSourceName());
    body.writeString(7, line.getDrainUrls(0));
    body.writeString(6, line.getSourceId());
    body.writeString(4, line.getAppId());
    body.writeSInt64(3, line.getTimestamp());
    body.writeEnum(2, line.getMessageType().getNumber());
    body.writeBytes(1, line.getMessage());
    body.writeUInt32(15, 42);
    body.flush();
    byte[] arrived = out.toByteArray();
    byte[] mac = new MessageHmac(SharedSecret.of("s3cret")).sign(arrived, 0, arrived.length);
    byte[] envelope = LogEnvelope.newBuilder().setRoutingKey(line.getAppId())
        .setSignature(ByteString.EMPTY).setMessageHmac(ByteString.copyFrom(mac)).buildPartial()
        .toByteString().concat(ByteString.copyFrom(new byte[] {0x1a}))
        .concat(lengthPrefixed(arrived)).toByteArray();

    Decoded decoded = decode(envelope);

    assertThat(decoded.messageBytes()).isEqualTo(arrived)
        .isNotEqualTo(decoded.message().toByteArray());
    assertThat(decoded.appId()).isEqualTo(line.getAppId());
    assertThat(decoded.timestampNanos()).isEqualTo(line.getTimestamp());
    assertThat(decoded.message().toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance())
        .build()).isEqualTo(line);
  }

  private static ByteString lengthPrefixed(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    cos.writeByteArrayNoTag(bytes);
    cos.flush();
    return ByteString.copyFrom(out.toByteArray());
  }

  private Decoded decode(byte[] datagram) {
    return codec.decode(datagram, 0, datagram.length);
  }
}
