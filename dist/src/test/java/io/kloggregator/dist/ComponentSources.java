package io.kloggregator.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one component module says about its environment: the {@code KLOGGREGATOR_*} string
 * literals in its main sources (the variables it reads, and prefixes such as
 * {@code KLOGGREGATOR_BRIDGE_PRODUCER_}) and the variables its README marks as required.
 */
final class ComponentSources {

  private static final Pattern LITERAL = Pattern.compile("\"(KLOGGREGATOR_[A-Z0-9_]+)\"");
  private static final Pattern REQUIRED_ROW =
      Pattern.compile("^\\|\\s*`(KLOGGREGATOR_[A-Z0-9_]+)`\\s*\\|\\s*\\(?required\\)?\\s*\\|");

  private final Path module;
  private final Set<String> literals;

  private ComponentSources(Path module, Set<String> literals) {
    this.module = module;
    this.literals = literals;
  }

  /** The module under {@code repository} whose main sources hold {@code mainClass}. */
  static ComponentSources of(Path repository, String mainClass) {
    String file = "src/main/java/" + mainClass.replace('.', '/') + ".java";
    try (Stream<Path> modules = Files.list(repository)) {
      Path module = modules.filter(m -> Files.isRegularFile(m.resolve(file))).findFirst()
          .orElseThrow(() -> new IllegalStateException("no module has " + file));
      return new ComponentSources(module, literals(module.resolve("src/main/java")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String moduleName() {
    return module.getFileName().toString();
  }

  /** True when the sources name {@code variable}, or a prefix of it ending in {@code _}. */
  boolean reads(String variable) {
    if (literals.contains(variable)) {
      return true;
    }
    return literals.stream().anyMatch(p -> p.endsWith("_") && p.split("_").length >= 3
        && variable.startsWith(p) && variable.length() > p.length());
  }

  /** Variables whose README row gives "required" instead of a default. */
  Set<String> requiredByReadme() {
    Set<String> required = new TreeSet<>();
    try {
      for (String line : Files.readAllLines(module.resolve("README.md"))) {
        Matcher m = REQUIRED_ROW.matcher(line);
        if (m.find()) {
          required.add(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + module + "/README.md", e);
    }
    return required;
  }

  private static Set<String> literals(Path sources) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = LITERAL.matcher(Files.readString(file));
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }
}
