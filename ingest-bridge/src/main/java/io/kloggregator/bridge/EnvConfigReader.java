package io.kloggregator.bridge;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Builds a {@link BridgeConfig} from environment variables; no I/O, the map is passed in. */
final class EnvConfigReader {

  static final String PRODUCER_PREFIX = "KLOGGREGATOR_BRIDGE_PRODUCER_";

  private final Map<String, String> env;

  EnvConfigReader(Map<String, String> env) {
    this.env = env;
  }

  BridgeConfig read() {
    BridgeConfig.Listeners listeners = new BridgeConfig.Listeners(
        text("KLOGGREGATOR_BRIDGE_UDP_HOST", "0.0.0.0"),
        integer("KLOGGREGATOR_BRIDGE_UDP_PORT", BridgeConfig.DEFAULT_UDP_PORT),
        integer("KLOGGREGATOR_BRIDGE_TCP_PORT", -1),
        integer("KLOGGREGATOR_BRIDGE_OPS_PORT", BridgeConfig.DEFAULT_OPS_PORT),
        integer("KLOGGREGATOR_BRIDGE_UDP_RCVBUF_BYTES",
            BridgeConfig.DEFAULT_RECEIVE_BUFFER_BYTES));
    BridgeConfig.Limits limits = new BridgeConfig.Limits(
        longInteger("KLOGGREGATOR_BRIDGE_BUFFER_BYTES", BridgeConfig.DEFAULT_BUFFER_BYTES),
        integer("KLOGGREGATOR_BRIDGE_APP_LINES_PER_SECOND", 0),
        Duration.ofSeconds(longInteger("KLOGGREGATOR_BRIDGE_UNHEALTHY_AFTER_SECONDS",
            BridgeConfig.DEFAULT_UNHEALTHY_AFTER.toSeconds())));
    return new BridgeConfig(text("KLOGGREGATOR_KAFKA_BOOTSTRAP", null),
        text("KLOGGREGATOR_SHARED_SECRET", null),
        bool("KLOGGREGATOR_BRIDGE_ACCEPT_LEGACY", true), listeners, limits, producer());
  }

  /** {@code KLOGGREGATOR_BRIDGE_PRODUCER_LINGER_MS=20} becomes {@code linger.ms=20}. */
  private Map<String, String> producer() {
    Map<String, String> out = new HashMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(PRODUCER_PREFIX) && name.length() > PRODUCER_PREFIX.length()) {
        out.put(name.substring(PRODUCER_PREFIX.length()).toLowerCase(Locale.ROOT)
            .replace('_', '.'), value);
      }
    });
    return out;
  }

  private String text(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private int integer(String name, int fallback) {
    long value = longInteger(name, fallback);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be a 32-bit integer, was " + value);
    }
    return (int) value;
  }

  private long longInteger(String name, long fallback) {
    String value = text(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was " + value, e);
    }
  }

  private boolean bool(String name, boolean fallback) {
    String value = text(name, null);
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(
          name + " must be true or false, was " + value);
    };
  }
}
