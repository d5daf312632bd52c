package io.kloggregator.schemas;

/**
 * Names of kloggregator's Kafka topics, state stores and record headers. The contract behind each
 * name (key, value, partitioning) is written down in {@code schemas/README.md}; keep both in step.
 */
public final class Topics {

  /** Every app line: key = app id (UTF-8), value = serialized {@code LogMessage}. */
  public static final String LOGS = "kloggregator.logs";

  /**
   * Lines addressed to drains: key = binding id (UTF-8), value = serialized {@code DrainRecord}.
   */
  public static final String DRAINS = "kloggregator.drains";

  /**
   * Compacted mirror of etcd's drain bindings: key = {@code <app id>/<sha1 hex of URL>},
   * value = the drain URL, null (tombstone) when unbound.
   */
  public static final String BINDINGS = "kloggregator.bindings";

  /** Partition count of {@link #LOGS} created by the local stack and the compose init service. */
  public static final int DEFAULT_LOG_PARTITIONS = 12;

  /**
   * Header naming the ingest path of a record: {@code udp}, {@code tcp}, {@code grpc} or
   * {@code synthetic}.
   */
  public static final String HEADER_INGEST = "kl-ingest";

  /**
   * Header of a log record the router re-produced to its key's partition because a foreign
   * producer wrote it elsewhere ({@link LogPartitions}): {@code <partition>:<offset>} of the
   * misplaced original, UTF-8.
   */
  public static final String HEADER_RELOCATED_FROM = "kl-relocated-from";

  private Topics() {
  }
}
