package io.kloggregator.bridge;

import io.kloggregator.ops.config.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The bridge's Kafka producer settings: idempotent, {@code acks=all}, no delivery deadline (the
 * bridge bounds what it hands over instead), batching and compression chosen by measurement
 * (bench/results/ingest.md). Configured overrides apply on top, except the fixed keys.
 */
final class ProducerSettings {

  static final int DEFAULT_BUFFER_MEMORY = 32 * 1024 * 1024;

  private ProducerSettings() {
  }

  static Map<String, Object> of(BridgeConfig config) {
    Map<String, Object> p = withDefaults(config.producer());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /**
   * Refuses overrides the producer would stall or fail on; {@link BridgeConfig} calls it, so a
   * bad {@code KLOGGREGATOR_BRIDGE_PRODUCER_*} value is a configuration error (exit 2).
   */
  static void check(Map<String, String> overrides) {
    checkBatchFits(withDefaults(overrides));
  }

  /** The measured defaults with {@code overrides} applied over them. */
  private static Map<String, Object> withDefaults(Map<String, String> overrides) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1024 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(DEFAULT_BUFFER_MEMORY));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "kloggregator-bridge");
    p.putAll(overrides);
    return p;
  }

  /** A batch must leave room for others in buffer.memory, or sends stall on allocation. */
  private static void checkBatchFits(Map<String, Object> p) {
    long batch = number(p, ProducerConfig.BATCH_SIZE_CONFIG);
    long memory = number(p, ProducerConfig.BUFFER_MEMORY_CONFIG);
    if (batch * 8 > memory) {
      throw new ConfigException(List.of(variable(ProducerConfig.BATCH_SIZE_CONFIG) + "=" + batch
          + ": must be at most buffer.memory / 8 = " + memory / 8));
    }
  }

  private static long number(Map<String, Object> p, String key) {
    try {
      return Long.parseLong(p.get(key).toString().trim());
    } catch (NumberFormatException e) {
      ConfigException refused = new ConfigException(List.of(variable(key) + "=" + p.get(key)
          + ": must be a number"));
      refused.initCause(e);
      throw refused;
    }
  }

  private static String variable(String key) {
    return BridgeConfig.PRODUCER.name() + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** Bytes the bridge lets the producer hold: 3/4 of its buffer.memory, so send never blocks. */
  static int inflightLimit(Map<String, Object> settings) {
    long memory = number(settings, ProducerConfig.BUFFER_MEMORY_CONFIG);
    return (int) Math.min(Integer.MAX_VALUE, memory * 3 / 4);
  }
}
