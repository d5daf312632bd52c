package io.kloggregator.bridge;

/**
 * One accepted line on its way to Kafka: the record key's app id, the serialized
 * {@code LogMessage} that becomes the record value, its timestamp, and the ingest path header.
 */
record BufferedLine(String appId, byte[] value, long timestampNanos, String ingest) {

  /** Bytes charged against the buffer: the value plus a fixed overhead for key and bookkeeping. */
  int weight() {
    return value.length + appId.length() + 64;
  }
}
