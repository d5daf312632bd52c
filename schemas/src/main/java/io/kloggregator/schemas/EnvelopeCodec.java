package io.kloggregator.schemas;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.kloggregator.schemas.proto.LogMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Encodes and decodes the emitter protocol's signed {@code LogEnvelope}: one envelope per UDP
 * datagram. Decoding never throws: every datagram is either accepted or rejected with a
 * {@link RejectReason} the caller counts. The HMAC is computed over the exact bytes of the
 * envelope's {@code log_message} field as they arrive, so no re-serialisation is needed to verify,
 * and those same bytes are what an accepted {@link Decoded} hands on: the message is checked by
 * {@code LogMessageFields}, a tag scan, and is never built or re-encoded on this path.
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

  /**
   * Outcome of {@link #decode}: accepted, with the app id, the timestamp and the exact bytes of the
   * envelope's {@code log_message} field as they arrived, or rejected with a reason. An accepted
   * outcome points into the decoded buffer: read it before that buffer is reused.
   */
  public static final class Decoded {

    private final byte[] buf;
    private final int messageOffset;
    private final int messageLength;
    private final String appId;
    private final long timestampNanos;
    private final RejectReason reason;
    private final boolean legacySigned;

    private Decoded(byte[] buf, int messageOffset, int messageLength, String appId,
        long timestampNanos, RejectReason reason, boolean legacySigned) {
      this.buf = buf;
      this.messageOffset = messageOffset;
      this.messageLength = messageLength;
      this.appId = appId;
      this.timestampNanos = timestampNanos;
      this.reason = reason;
      this.legacySigned = legacySigned;
    }

    static Decoded rejected(RejectReason reason) {
      return new Decoded(null, 0, 0, null, 0, reason, false);
    }

    public boolean isAccepted() {
      return reason == null;
    }

    /** Why it was dropped; null when accepted. */
    public RejectReason reason() {
      return reason;
    }

    /** Whether it was accepted on the original's signature alone (no HMAC). */
    public boolean legacySigned() {
      return legacySigned;
    }

    /** The message's app id (also the envelope's routing key); null when rejected. */
    public String appId() {
      return appId;
    }

    /** The message's timestamp in nanoseconds since the epoch; 0 when rejected. */
    public long timestampNanos() {
      return timestampNanos;
    }

    /**
     * A copy of the serialized {@code LogMessage} exactly as it arrived (the bytes the HMAC
     * covers), not re-encoded; null when rejected.
     */
    public byte[] messageBytes() {
      return buf == null ? null
          : Arrays.copyOfRange(buf, messageOffset, messageOffset + messageLength);
    }

    /** The message, parsed from {@link #messageBytes}; null when rejected. Not the hot path. */
    public LogMessage message() {
      if (buf == null) {
        return null;
      }
      try {
        return LogMessage.parser().parseFrom(buf, messageOffset, messageLength);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("an accepted message no longer parses", e);
      }
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
    LogMessageFields message =
        LogMessageFields.scan(buf, fields.messageOffset, fields.messageLength);
    if (message == null) {
      return Decoded.rejected(RejectReason.UNDECODABLE);
    }
    RejectReason invalid = validate(message, fields.routingKey);
    if (invalid != null) {
      return Decoded.rejected(invalid);
    }
    if (fields.hmac != null) {
      return hmac.verify(buf, fields.messageOffset, fields.messageLength, fields.hmac)
          ? accepted(buf, fields, message, false) : Decoded.rejected(RejectReason.BAD_SIGNATURE);
    }
    if (!acceptLegacy) {
      return Decoded.rejected(RejectReason.LEGACY_REFUSED);
    }
    if (!legacyFromSource) {
      return Decoded.rejected(RejectReason.LEGACY_SOURCE_REFUSED);
    }
    byte[] text = Arrays.copyOfRange(buf, message.textOffset(),
        message.textOffset() + message.textLength());
    return legacy.verify(text, fields.signature)
        ? accepted(buf, fields, message, true) : Decoded.rejected(RejectReason.BAD_SIGNATURE);
  }

  private static Decoded accepted(byte[] buf, EnvelopeFields fields, LogMessageFields message,
      boolean legacySigned) {
    return new Decoded(buf, fields.messageOffset, fields.messageLength, fields.routingKey,
        message.timestamp(), null, legacySigned);
  }

  private static RejectReason validate(LogMessageFields message, String routingKey) {
    if (!message.hasAppId()) {
      return RejectReason.MISSING_APP_ID;
    }
    String appId = message.appId();
    if (appId.isBlank()) {
      return RejectReason.MISSING_APP_ID;
    }
    if (!message.isComplete()) {
      return RejectReason.UNDECODABLE;
    }
    if (!appId.equals(routingKey)) {
      return RejectReason.ROUTING_KEY_MISMATCH;
    }
    if (!MessageLimits.fits(message.textLength())) {
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
