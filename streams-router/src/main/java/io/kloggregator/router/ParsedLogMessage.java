package io.kloggregator.router;

import com.google.protobuf.CodedOutputStream;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.StoredLine;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A log record's value as {@link LogParser} hands it on: the parsed {@code LogMessage} and the
 * bytes it was parsed from, so that {@link RecentLinesProcessor} can store the line without
 * encoding the message again.
 */
record ParsedLogMessage(LogMessage message, byte[] bytes) {

  private static final int LOG_MESSAGE_FIELD = StoredLine.LOG_MESSAGE_FIELD_NUMBER;
  private static final int PARTITION_FIELD = StoredLine.PARTITION_FIELD_NUMBER;
  private static final int OFFSET_FIELD = StoredLine.OFFSET_FIELD_NUMBER;

  /** For tests and callers that only have the message. */
  static ParsedLogMessage of(LogMessage message) {
    return new ParsedLogMessage(message, message.toByteArray());
  }

  /**
   * The serialized {@code StoredLine} of this line at {@code partition}/{@code offset}: the
   * message's bytes copied as field 1, as {@code StoredLine.newBuilder()...toByteArray()} would
   * encode them (proto3: zero partition and offset are left out).
   */
  byte[] storedLine(int partition, long offset) {
    int size = CodedOutputStream.computeByteArraySize(LOG_MESSAGE_FIELD, bytes)
        + (partition != 0 ? CodedOutputStream.computeInt32Size(PARTITION_FIELD, partition) : 0)
        + (offset != 0 ? CodedOutputStream.computeInt64Size(OFFSET_FIELD, offset) : 0);
    byte[] out = new byte[size];
    CodedOutputStream writer = CodedOutputStream.newInstance(out);
    try {
      writer.writeByteArray(LOG_MESSAGE_FIELD, bytes);
      if (partition != 0) {
        writer.writeInt32(PARTITION_FIELD, partition);
      }
      if (offset != 0) {
        writer.writeInt64(OFFSET_FIELD, offset);
      }
      writer.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("StoredLine sized wrongly", e);
    }
    return out;
  }
}
