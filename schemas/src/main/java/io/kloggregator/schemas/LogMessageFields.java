package io.kloggregator.schemas;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.kloggregator.schemas.proto.LogMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The fields of a serialized {@code LogMessage} that {@link EnvelopeCodec} checks, read by walking
 * the tags of {@code buf[offset, offset + length)} without building the message: the text is left
 * as a slice, the app id is decoded only when asked for, every other field is skipped. Follows the
 * generated parser's rules: the last occurrence of a field wins, a field with an unexpected wire
 * type or an enum value this schema doesn't know is an unknown field, and the required fields
 * decide {@link #isComplete}. Not thread-safe; one per scanned message.
 */
final class LogMessageFields {

  private static final int TEXT = 1;
  private static final int MESSAGE_TYPE = 2;
  private static final int TIMESTAMP = 3;
  private static final int APP_ID = 4;

  private final byte[] buf;
  private int textOffset = -1;
  private int textLength;
  private boolean hasMessageType;
  private boolean hasTimestamp;
  private long timestamp;
  private int appIdOffset = -1;
  private int appIdLength;

  private LogMessageFields(byte[] buf) {
    this.buf = buf;
  }

  /**
   * Scans one message, or returns null when the bytes are not a well-formed protobuf message
   * (truncated or over-long varints, lengths past the end, bad wire types, unbalanced groups).
   * Never throws for bad input.
   */
  static LogMessageFields scan(byte[] buf, int offset, int length) {
    LogMessageFields fields = new LogMessageFields(buf);
    try {
      fields.read(CodedInputStream.newInstance(buf, offset, length), offset);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return fields;
  }

  private void read(CodedInputStream in, int base) throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case TEXT << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          textLength = in.readRawVarint32();
          textOffset = base + in.getTotalBytesRead();
          in.skipRawBytes(textLength);
        }
        case MESSAGE_TYPE << 3 | WireFormat.WIRETYPE_VARINT ->
            hasMessageType |= LogMessage.MessageType.forNumber(in.readEnum()) != null;
        case TIMESTAMP << 3 | WireFormat.WIRETYPE_VARINT -> {
          timestamp = in.readSInt64();
          hasTimestamp = true;
        }
        case APP_ID << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          appIdLength = in.readRawVarint32();
          appIdOffset = base + in.getTotalBytesRead();
          in.skipRawBytes(appIdLength);
        }
        default -> {
          if (!in.skipField(tag)) {
            throw new IOException("end group outside a group");
          }
        }
      }
    }
  }

  /** Whether every required field (text, type, timestamp, app id) is present. */
  boolean isComplete() {
    return textOffset >= 0 && hasMessageType && hasTimestamp && hasAppId();
  }

  boolean hasAppId() {
    return appIdOffset >= 0;
  }

  /** The app id as the generated {@code getAppId()} gives it (malformed UTF-8 replaced). */
  String appId() {
    return new String(buf, appIdOffset, appIdLength, StandardCharsets.UTF_8);
  }

  int textOffset() {
    return textOffset;
  }

  int textLength() {
    return textLength;
  }

  /** The timestamp in nanoseconds since the epoch; 0 when absent. */
  long timestamp() {
    return timestamp;
  }
}
