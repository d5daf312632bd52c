package io.kloggregator.schemas;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.kloggregator.schemas.proto.LogMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;

/**
 * Encodes and decodes the emitter protocol's signed {@code LogEnvelope}: one envelope per UDP
 * datagram. Decoding never throws: every datagram is either accepted or rejected with a
 * {@link RejectReason} the caller counts. The HMAC is computed over the exact bytes of the
 * envelope's {@code log_message} field as they arrive, so no re-serialisation is needed to verify.
 * Thread-safe; one instance per process is enough.
 */
public final class EnvelopeCodec {

  /** How {@link #encode} signs. */
  public enum SignatureMode {
    /** HMAC-SHA256 over the whole message (field 4); legacy signature field left empty. */
    HMAC,
    /** Only the original's AES signature of the message text, for old receivers. */
    LEGACY,
    /** Both, so old and new receivers accept the envelope. */
    BOTH
  }

  /** Why a datagram was dropped. Names are stable: they are metric tag values. */
  public enum RejectReason {
    UNDECODABLE, MISSING_APP_ID, ROUTING_KEY_MISMATCH, OVERSIZED, BAD_SIGNATURE, LEGACY_REFUSED,
    /** Legacy-signed, accepted in general, but not from the network it came from. */
    LEGACY_SOURCE_REFUSED;

    /** Lower-case tag value, e.g. {@code bad_signature}. */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Outcome of {@link #decode}: exactly one of {@code message} and {@code reason} is set. */
  public record Decoded(LogMessage message, RejectReason reason, boolean legacySigned) {

    static Decoded rejected(RejectReason reason) {
      return new Decoded(null, reason, false);
    }

    public boolean isAccepted() {
      return message != null;
    }
  }

  private static final int ROUTING_KEY = 1;
  private static final int SIGNATURE = 2;
  private static final int LOG_MESSAGE = 3;
  private static final int MESSAGE_HMAC = 4;

  private final MessageHmac hmac;
  private final LegacySignature legacy;
  private final boolean acceptLegacy;

  /**
   * @param acceptLegacy whether envelopes that carry only the original's signature are accepted
   */
  public EnvelopeCodec(SharedSecret secret, boolean acceptLegacy) {
    this.hmac = new MessageHmac(secret);
    this.legacy = new LegacySignature(secret, new SecureRandom());
    this.acceptLegacy = acceptLegacy;
  }

  /** Serialises {@code message} into a signed envelope whose routing key is its app id. */
  public byte[] encode(LogMessage message, SignatureMode mode) {
    byte[] body = message.toByteArray();
    byte[] legacySig = mode == SignatureMode.HMAC ? new byte[0]
        : legacy.sign(message.getMessage().toByteArray());
    byte[] mac = mode == SignatureMode.LEGACY ? null : hmac.sign(body, 0, body.length);
    String key = message.getAppId();
    int size = CodedOutputStream.computeStringSize(ROUTING_KEY, key)
        + CodedOutputStream.computeByteArraySize(SIGNATURE, legacySig)
        + CodedOutputStream.computeByteArraySize(LOG_MESSAGE, body)
        + (mac == null ? 0 : CodedOutputStream.computeByteArraySize(MESSAGE_HMAC, mac));
    byte[] out = new byte[size];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    try {
      cos.writeString(ROUTING_KEY, key);
      cos.writeByteArray(SIGNATURE, legacySig);
      cos.writeByteArray(LOG_MESSAGE, body);
      if (mac != null) {
        cos.writeByteArray(MESSAGE_HMAC, mac);
      }
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("envelope buffer sized wrongly", e);
    }
    return out;
  }

  /**
   * Decodes and verifies one datagram held in {@code buf[offset, offset + length)}, as if from a
   * source allowed to send legacy-signed envelopes.
   */
  public Decoded decode(byte[] buf, int offset, int length) {
    return decode(buf, offset, length, true);
  }

  /**
   * Decodes and verifies one datagram held in {@code buf[offset, offset + length)}.
   *
   * @param legacyFromSource whether its sender may send legacy-signed envelopes; when not, such an
   *     envelope is refused ({@link RejectReason#LEGACY_SOURCE_REFUSED}) before its signature is
   *     checked. HMAC-signed envelopes are unaffected.
   */
  public Decoded decode(byte[] buf, int offset, int length, boolean legacyFromSource) {
    EnvelopeFields fields;
    try {
      fields = EnvelopeFields.read(CodedInputStream.newInstance(buf, offset, length), offset);
    } catch (IOException | RuntimeException e) {
      return Decoded.rejected(RejectReason.UNDECODABLE);
    }
    if (fields.messageOffset < 0 || fields.signature == null) {
      return Decoded.rejected(RejectReason.UNDECODABLE);
    }
    LogMessage message;
    try {
      message = LogMessage.parser()
          .parsePartialFrom(buf, fields.messageOffset, fields.messageLength);
    } catch (InvalidProtocolBufferException e) {
      return Decoded.rejected(RejectReason.UNDECODABLE);
    }
    RejectReason invalid = validate(message, fields.routingKey);
    if (invalid != null) {
      return Decoded.rejected(invalid);
    }
    if (fields.hmac != null) {
      return hmac.verify(buf, fields.messageOffset, fields.messageLength, fields.hmac)
          ? new Decoded(message, null, false) : Decoded.rejected(RejectReason.BAD_SIGNATURE);
    }
    if (!acceptLegacy) {
      return Decoded.rejected(RejectReason.LEGACY_REFUSED);
    }
    if (!legacyFromSource) {
      return Decoded.rejected(RejectReason.LEGACY_SOURCE_REFUSED);
    }
    return legacy.verify(message.getMessage().toByteArray(), fields.signature)
        ? new Decoded(message, null, true) : Decoded.rejected(RejectReason.BAD_SIGNATURE);
  }

  private static RejectReason validate(LogMessage message, String routingKey) {
    if (!message.hasAppId() || message.getAppId().isBlank()) {
      return RejectReason.MISSING_APP_ID;
    }
    if (!message.isInitialized()) {
      return RejectReason.UNDECODABLE;
    }
    if (!message.getAppId().equals(routingKey)) {
      return RejectReason.ROUTING_KEY_MISMATCH;
    }
    if (!MessageLimits.fits(message.getMessage().size())) {
      return RejectReason.OVERSIZED;
    }
    return null;
  }

  /** Top-level envelope fields, with the message left as a slice of the input. */
  private static final class EnvelopeFields {
    String routingKey;
    byte[] signature;
    byte[] hmac;
    int messageOffset = -1;
    int messageLength;

    static EnvelopeFields read(CodedInputStream in, int base) throws IOException {
      EnvelopeFields f = new EnvelopeFields();
      int tag;
      while ((tag = in.readTag()) != 0) {
        int field = WireFormat.getTagFieldNumber(tag);
        boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
        if (field == ROUTING_KEY && delimited) {
          f.routingKey = in.readStringRequireUtf8();
        } else if (field == SIGNATURE && delimited) {
          f.signature = in.readByteArray();
        } else if (field == LOG_MESSAGE && delimited) {
          f.messageLength = in.readRawVarint32();
          f.messageOffset = base + in.getTotalBytesRead();
          in.skipRawBytes(f.messageLength);
        } else if (field == MESSAGE_HMAC && delimited) {
          f.hmac = in.readByteArray();
        } else if (!in.skipField(tag)) {
          break;
        }
      }
      return f;
    }
  }
}
