package io.kloggregator.dist;

import io.kloggregator.agent.AgentConfig;
import io.kloggregator.bridge.BridgeConfig;
import io.kloggregator.drain.ForwarderConfig;
import io.kloggregator.gateway.GatewayConfig;
import io.kloggregator.ops.config.Setting;
import io.kloggregator.ops.config.Settings;
import io.kloggregator.router.RouterConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What one component declares about its environment: its entry class, the settings its config
 * record declares (the variables it reads, prefixes such as {@code KLOGGREGATOR_BRIDGE_PRODUCER_}
 * included) and the {@code fromEnv} its {@code *Main} calls.
 *
 * @param module the Maven module (directory) whose README lists the settings
 * @param mainClass the class compose.yml runs
 * @param settings the declarations of its config record
 * @param fromEnv builds the validated config, or throws what {@code ExitCodes.configOrExit} exits
 *     2 on
 */
record ComponentSettings(String module, String mainClass, Settings settings,
    Function<Map<String, String>, Object> fromEnv) {

  /** Every component the image runs. */
  static final List<ComponentSettings> ALL = List.of(
      new ComponentSettings("agent", "io.kloggregator.agent.AgentMain",
          AgentConfig.SETTINGS, AgentConfig::fromEnv),
      new ComponentSettings("ingest-bridge", "io.kloggregator.bridge.IngestBridgeMain",
          BridgeConfig.SETTINGS, BridgeConfig::fromEnv),
      new ComponentSettings("streams-router", "io.kloggregator.router.StreamsRouterMain",
          RouterConfig.SETTINGS, RouterConfig::fromEnv),
      new ComponentSettings("gateway", "io.kloggregator.gateway.GatewayMain",
          GatewayConfig.SETTINGS, GatewayConfig::fromEnv),
      new ComponentSettings("drain-forwarder", "io.kloggregator.drain.DrainForwarderMain",
          ForwarderConfig.SETTINGS, ForwarderConfig::fromEnv));

  /** The component compose.yml runs with {@code mainClass}. */
  static ComponentSettings of(String mainClass) {
    return ALL.stream().filter(c -> c.mainClass.equals(mainClass)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no component runs " + mainClass));
  }

  /** True when {@code variable} is a declared setting, or belongs to a declared prefix. */
  boolean reads(String variable) {
    return settings.declares(variable);
  }

  /** Variables without a default: the component does not start without them. */
  Set<String> required() {
    Set<String> out = new TreeSet<>();
    for (Setting<?> setting : settings.list()) {
      if (setting.isRequired()) {
        out.add(setting.name());
      }
    }
    return out;
  }
}
