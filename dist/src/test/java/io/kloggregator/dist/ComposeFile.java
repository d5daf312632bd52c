package io.kloggregator.dist;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/compose.yml as the tests read it: YAML anchors and merge keys resolved, each
 * kloggregator service with its main class (from {@code command}) and its environment.
 */
final class ComposeFile {

  /** A kloggregator service of the stack. */
  record Service(String name, String mainClass, Map<String, String> environment) {
  }

  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?([-?]))?([^}]*)}");

  private final Map<String, Object> root;

  private ComposeFile(Map<String, Object> root) {
    this.root = root;
  }

  /** The repository's root, found from the module's working directory. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("deploy/compose.yml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no deploy/compose.yml above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static ComposeFile load(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      return new ComposeFile(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  List<String> serviceNames() {
    return List.copyOf(services().keySet());
  }

  /** One service's definition as written (anchors and merge keys resolved). */
  Map<String, Object> service(String name) {
    return map(services().get(name));
  }

  /** The top-level named volumes. */
  List<String> volumeNames() {
    return List.copyOf(map(root.get("volumes")).keySet());
  }

  /** Services whose command runs a {@code io.kloggregator.*Main} class. */
  List<Service> kloggregatorServices() {
    return services().entrySet().stream()
        .map(e -> toService(e.getKey(), map(e.getValue())))
        .filter(s -> s.mainClass() != null)
        .toList();
  }

  /**
   * Resolves compose interpolation the way an operator's {@code .env} would: {@code ${X:-d}}
   * becomes {@code d}; a mandatory {@code ${X:?msg}} becomes {@code secrets.get(X)}.
   */
  static String interpolate(String value, Map<String, String> secrets) {
    Matcher m = INTERPOLATION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = "?".equals(m.group(2)) ? secrets.get(m.group(1)) : m.group(3);
      if (replacement == null) {
        throw new IllegalStateException("no value for mandatory ${" + m.group(1) + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private Map<String, Object> services() {
    return map(root.get("services"));
  }

  private static Service toService(String name, Map<String, Object> body) {
    String mainClass = null;
    if (body.get("command") instanceof List<?> command && !command.isEmpty()) {
      String last = String.valueOf(command.get(command.size() - 1));
      if (last.startsWith("io.kloggregator.") && last.endsWith("Main")) {
        mainClass = last;
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    Object environment = body.get("environment");
    if (environment instanceof Map<?, ?> entries) {
      entries.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    } else if (environment != null) {
      throw new IllegalStateException(name + ": write environment as a map, not a list");
    }
    return new Service(name, mainClass, env);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalStateException("expected a mapping, got " + value);
    }
    return (Map<String, Object>) value;
  }
}
