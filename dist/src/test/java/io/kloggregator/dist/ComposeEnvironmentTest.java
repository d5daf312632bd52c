package io.kloggregator.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.dist.ComposeFile.Service;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yml against the components' declared settings: every {@code KLOGGREGATOR_*}
 * variable a service sets is one its component declares, every setting the component requires is
 * set, and the environment as a whole is a configuration the component accepts.
 */
class ComposeEnvironmentTest {

  private static final Map<String, String> SECRETS = Map.of(
      "KLOGGREGATOR_SHARED_SECRET", "a-shared-secret-for-the-compose-test",
      "KLOGGREGATOR_JWT_SECRET", "a-jwt-secret-of-at-least-32-bytes-for-tests");

  private final Path repository = ComposeFile.repositoryRoot();
  private final ComposeFile compose = ComposeFile.load(repository.resolve("deploy/compose.yml"));

  @Test
  void everyComponentRunsInTheStack() {
    Set<String> mains = new TreeSet<>();
    compose.kloggregatorServices().forEach(s -> mains.add(s.mainClass()));

    assertThat(mains).containsExactlyInAnyOrderElementsOf(
        ComponentSettings.ALL.stream().map(ComponentSettings::mainClass).toList());
    assertThat(compose.serviceNames()).contains("kafka", "kafka-init", "etcd");
  }

  @Test
  void everyVariableAServiceSetsIsOneItsComponentReads() {
    Map<String, String> unread = new LinkedHashMap<>();
    for (Service service : compose.kloggregatorServices()) {
      ComponentSettings component = ComponentSettings.of(service.mainClass());
      for (String name : service.environment().keySet()) {
        if (name.startsWith("KLOGGREGATOR_") && !component.reads(name)) {
          unread.put(service.name() + "." + name, component.mainClass());
        }
      }
    }

    assertThat(unread).as("variables set in compose.yml that the component does not declare")
        .isEmpty();
  }

  @Test
  void everyRequiredVariableIsSet() {
    Map<String, Set<String>> missing = new LinkedHashMap<>();
    for (Service service : compose.kloggregatorServices()) {
      Set<String> required = ComponentSettings.of(service.mainClass()).required();
      required.removeAll(service.environment().keySet());
      if (!required.isEmpty()) {
        missing.put(service.name(), required);
      }
    }

    assertThat(missing).as("settings the component requires, unset in compose.yml")
        .isEmpty();
  }

  @Test
  void eachServiceEnvironmentIsAConfigurationItsComponentAccepts() {
    List<String> services = compose.serviceNames();
    for (Service service : compose.kloggregatorServices()) {
      Map<String, String> env = new LinkedHashMap<>();
      service.environment().forEach((k, v) -> env.put(k, onLoopback(
          ComposeFile.interpolate(v, SECRETS), services)));

      Object config = fromEnv(ComponentSettings.of(service.mainClass()), env);

      assertThat(config).as(service.name()).isNotNull();
    }
  }

  @Test
  void mandatoryInterpolationNeedsItsValue() {
    assertThat(ComposeFile.interpolate("${A:-7}/${B:?set B}", Map.of("B", "x"))).isEqualTo("7/x");
  }

  /** Compose service names do not resolve here; the agent's config resolves its endpoints. */
  private static String onLoopback(String value, List<String> services) {
    String out = value;
    for (String name : services) {
      out = out.replaceAll("(?<![\\w.-])" + java.util.regex.Pattern.quote(name) + "(?=:\\d)",
          "127.0.0.1");
    }
    return out;
  }

  private static Object fromEnv(ComponentSettings component, Map<String, String> env) {
    try {
      return component.fromEnv().apply(env);
    } catch (IllegalArgumentException e) {
      throw new AssertionError(component.mainClass() + " refuses the compose environment: "
          + e.getMessage(), e);
    }
  }
}
