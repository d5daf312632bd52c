package io.kloggregator.bridge;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.SharedSecret;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.TestUdpSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutation of valid signed envelopes for the bad-input suite: byte-level damage (bit
 * flips, truncation, extension, splicing) and field-level changes re-encoded with a valid or a
 * wrong signature (app id, routing key, text, required fields, timestamps, sizes, secrets,
 * legacy-only). The same seed gives the same datagrams. Not thread-safe.
 */
final class DatagramMutator {

  /** What was done to a datagram; the campaign reports counts per kind. */
  enum Kind {
    BIT_FLIP, TRUNCATE, EXTEND, OVERWRITE, UNKNOWN_FIELD, SPLICE, DUPLICATE_PREFIX,
    ROUTING_KEY_MISMATCH, EMPTY_APP_ID, MISSING_REQUIRED, UNKNOWN_ENUM, TEXT_CHANGED,
    WRONG_SECRET, LEGACY_ONLY, HMAC_STRIPPED, REPLAYED_TO_OTHER_APP, NON_UTF8_ROUTING_KEY,
    EXTREME_TIMESTAMP, HUGE_APP_ID, OVERSIZED_TEXT, MAX_DATAGRAM, EMPTY, RANDOM_BYTES
  }

  /** One mutated datagram and how it was made. */
  record Mutant(Kind kind, byte[] bytes) {
  }

  /** The largest UDP payload over IPv4. */
  static final int MAX_UDP_PAYLOAD = 65_507;

  private static final Kind[] KINDS = Kind.values();

  private final Random random;
  private final EnvelopeCodec codec;
  private final EnvelopeCodec wrongCodec;
  private final String[] apps;
  private final byte[][] templates;
  private final LogMessage[] messages;

  /**
   * @param apps app ids the mutants are made for (never those of the valid interleaved traffic)
   */
  DatagramMutator(long seed, String secret, String[] apps, long timestampNanos) {
    this.random = new Random(seed);
    this.codec = new EnvelopeCodec(SharedSecret.of(secret), true);
    this.wrongCodec = new EnvelopeCodec(SharedSecret.of(secret + "-wrong"), true);
    this.apps = apps.clone();
    this.messages = new LogMessage[64];
    this.templates = new byte[messages.length][];
    for (int i = 0; i < messages.length; i++) {
      messages[i] = TestUdpSender.line(apps[i % apps.length],
          "fuzz template " + i + " " + "é".repeat(i), timestampNanos + i);
      templates[i] = codec.encode(messages[i], SignatureMode.values()[i % 3]);
    }
  }

  /** The next mutant, of a kind chosen uniformly. */
  Mutant next() {
    Kind kind = KINDS[random.nextInt(KINDS.length)];
    int pick = random.nextInt(templates.length);
    return new Mutant(kind, mutate(kind, templates[pick], messages[pick]));
  }

  private byte[] mutate(Kind kind, byte[] template, LogMessage message) {
    return switch (kind) {
      case BIT_FLIP -> flipBits(template, 1 + random.nextInt(8));
      case TRUNCATE -> Arrays.copyOf(template, random.nextInt(template.length));
      case EXTEND -> concat(template, randomBytes(1 + random.nextInt(64)));
      case OVERWRITE -> overwrite(template);
      case UNKNOWN_FIELD -> concat(template, unknownField());
      case SPLICE -> concat(template, templates[random.nextInt(templates.length)]);
      case DUPLICATE_PREFIX -> concat(Arrays.copyOf(template, random.nextInt(template.length)),
          template);
      case ROUTING_KEY_MISMATCH -> envelope(otherApp(message.getAppId()), message,
          SignatureMode.HMAC);
      case EMPTY_APP_ID -> sign(message.toBuilder().setAppId(random.nextBoolean() ? "" : "  ")
          .buildPartial(), SignatureMode.BOTH);
      case MISSING_REQUIRED -> sign(random.nextBoolean() ? message.toBuilder().clearTimestamp()
          .buildPartial() : message.toBuilder().clearMessageType().buildPartial(),
          SignatureMode.HMAC);
      case UNKNOWN_ENUM -> unknownMessageType(message);
      case TEXT_CHANGED -> envelopeWithSignatureOf(message, message.toBuilder()
          .setMessage(ByteString.copyFrom(flipBits(message.getMessage().toByteArray(), 1)))
          .build());
      case WRONG_SECRET -> wrongCodec.encode(message, SignatureMode.values()[random.nextInt(3)]);
      case LEGACY_ONLY -> codec.encode(message, SignatureMode.LEGACY);
      case HMAC_STRIPPED -> envelope(message.getAppId(), message, SignatureMode.LEGACY);
      case REPLAYED_TO_OTHER_APP -> replayedLegacy(message);
      case NON_UTF8_ROUTING_KEY -> nonUtf8RoutingKey(message);
      case EXTREME_TIMESTAMP -> sign(message.toBuilder().setTimestamp(extremeTimestamp()).build(),
          SignatureMode.HMAC);
      case HUGE_APP_ID -> hugeAppId(message);
      case OVERSIZED_TEXT -> sign(message.toBuilder().setMessage(ByteString.copyFrom(
          randomBytes(8705 + random.nextInt(40_000)))).build(), SignatureMode.BOTH);
      case MAX_DATAGRAM -> randomBytes(MAX_UDP_PAYLOAD);
      case EMPTY -> new byte[0];
      case RANDOM_BYTES -> randomBytes(1 + random.nextInt(1500));
    };
  }

  private byte[] sign(LogMessage message, SignatureMode mode) {
    return codec.encode(message, mode);
  }

  private byte[] flipBits(byte[] bytes, int bits) {
    byte[] out = bytes.clone();
    for (int i = 0; i < bits && out.length > 0; i++) {
      int bit = random.nextInt(out.length * 8);
      out[bit / 8] ^= (byte) (1 << (bit % 8));
    }
    return out;
  }

  private byte[] overwrite(byte[] bytes) {
    byte[] out = bytes.clone();
    byte[] values = {0, (byte) 0xFF, (byte) 0x80, 0x7F, 0x0A, (byte) 0xC3};
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      out[random.nextInt(out.length)] = values[random.nextInt(values.length)];
    }
    return out;
  }

  /** A length-delimited field with a number the envelope does not define. */
  private byte[] unknownField() {
    return field(5 + random.nextInt(100), randomBytes(random.nextInt(40)));
  }

  private byte[] unknownMessageType(LogMessage message) {
    byte[] body = message.toBuilder().clearMessageType().buildPartial().toByteArray();
    byte[] withType = concat(body, new byte[] {0x10, (byte) (3 + random.nextInt(100))});
    return rawEnvelope(message.getAppId(), withType, SignatureMode.HMAC, message);
  }

  /** An envelope carrying {@code changed} but the signatures of {@code signed}. */
  private byte[] envelopeWithSignatureOf(LogMessage signed, LogMessage changed) {
    byte[] original = codec.encode(signed, SignatureMode.values()[random.nextInt(3)]);
    byte[] body = changed.toByteArray();
    byte[] signedBody = signed.toByteArray();
    int at = indexOf(original, signedBody);
    return concat(concat(Arrays.copyOf(original, at - lengthOfVarint(signedBody.length)),
        varintPrefixed(body)), Arrays.copyOfRange(original, at + signedBody.length,
        original.length));
  }

  /** The legacy signature covers only the text: the original's replay weakness. */
  private byte[] replayedLegacy(LogMessage message) {
    return codec.encode(message.toBuilder().setAppId(otherApp(message.getAppId())).build(),
        SignatureMode.LEGACY);
  }

  private byte[] nonUtf8RoutingKey(LogMessage message) {
    byte[] key = concat(message.getAppId().getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xC3, 0x28});
    byte[] rest = codec.encode(message, SignatureMode.HMAC);
    int keyFieldLength = 1 + lengthOfVarint(message.getAppId().getBytes(StandardCharsets.UTF_8)
        .length) + message.getAppId().getBytes(StandardCharsets.UTF_8).length;
    return concat(field(1, key), Arrays.copyOfRange(rest, keyFieldLength, rest.length));
  }

  private long extremeTimestamp() {
    long[] values = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1, -1_000_000_000_000_000_000L,
        Long.MAX_VALUE / 2};
    return values[random.nextInt(values.length)];
  }

  private byte[] hugeAppId(LogMessage message) {
    String app = message.getAppId() + "-" + "x".repeat(1000 + random.nextInt(30_000));
    return sign(message.toBuilder().setAppId(app).build(), SignatureMode.HMAC);
  }

  private String otherApp(String app) {
    String other = apps[random.nextInt(apps.length)];
    return other.equals(app) ? app + "-other" : other;
  }

  private byte[] envelope(String routingKey, LogMessage message, SignatureMode mode) {
    return rawEnvelope(routingKey, message.toByteArray(), mode, message);
  }

  /** An envelope around {@code body} with the signatures {@code mode} of {@code signedAs}. */
  private byte[] rawEnvelope(String routingKey, byte[] body, SignatureMode mode,
      LogMessage signedAs) {
    byte[] proper = codec.encode(signedAs, SignatureMode.BOTH);
    byte[] legacySig = mode == SignatureMode.HMAC ? new byte[0] : fieldValue(proper, 2);
    byte[] mac = mode == SignatureMode.LEGACY ? null : fieldValue(proper, 4);
    byte[] out = concat(field(1, routingKey.getBytes(StandardCharsets.UTF_8)),
        field(2, legacySig));
    out = concat(out, field(3, body));
    return mac == null ? out : concat(out, field(4, mac));
  }

  /** The value of the first length-delimited top-level field {@code number} of an envelope. */
  private static byte[] fieldValue(byte[] envelope, int number) {
    try {
      com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream
          .newInstance(envelope);
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (tag >>> 3 == number) {
          return in.readByteArray();
        }
        in.skipField(tag);
      }
      throw new IllegalStateException("no field " + number);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] randomBytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }

  private static byte[] field(int number, byte[] value) {
    byte[] tag = varint((number << 3) | 2);
    return concat(tag, varintPrefixed(value));
  }

  private static byte[] varintPrefixed(byte[] value) {
    return concat(varint(value.length), value);
  }

  private static byte[] varint(int value) {
    byte[] out = new byte[lengthOfVarint(value)];
    try {
      CodedOutputStream cos = CodedOutputStream.newInstance(out);
      cos.writeUInt32NoTag(value);
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static int lengthOfVarint(int value) {
    return CodedOutputStream.computeUInt32SizeNoTag(value);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new IllegalStateException("message bytes not found in their envelope");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
