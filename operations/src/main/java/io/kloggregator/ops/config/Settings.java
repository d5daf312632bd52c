package io.kloggregator.ops.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The settings one component declares, in README order. {@link #bind} reads them all from an
 * environment map (the caller passes {@code System.getenv()} in {@code main}, tests pass a map)
 * and refuses every bad one at once. Immutable.
 */
public final class Settings {

  private final List<Setting<?>> declared;

  private Settings(List<Setting<?>> declared) {
    this.declared = List.copyOf(declared);
  }

  /** The declarations; two with the same name are a programming error. */
  public static Settings of(Setting<?>... settings) {
    Set<String> names = new HashSet<>();
    for (Setting<?> setting : settings) {
      if (!names.add(setting.name())) {
        throw new IllegalArgumentException(setting.name() + " is declared twice");
      }
      setting.checkDefault();
    }
    return new Settings(List.of(settings));
  }

  public List<Setting<?>> list() {
    return declared;
  }

  /** True when {@code variable} is a declared setting or belongs to a declared prefix. */
  public boolean declares(String variable) {
    return declared.stream().anyMatch(s -> s.covers(variable));
  }

  /**
   * Parses every declared setting from {@code env}: unset or blank takes the default (blank is a
   * value for a {@link Setting#blankIsValue} setting), and each
   * value must parse and pass its rule.
   *
   * @throws ConfigException listing every refused setting, {@code NAME=value: rule}
   */
  public SettingValues bind(Map<String, String> env) {
    Map<Setting<?>, Object> values = new HashMap<>();
    List<String> errors = new ArrayList<>();
    for (Setting<?> setting : declared) {
      try {
        Object value = setting.isPrefix() ? prefixed(setting.name(), env)
            : setting.parse(env.get(setting.name()));
        values.put(setting, value);
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new SettingValues(values);
  }

  private static Map<String, String> prefixed(String prefix, Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        out.put(name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
            value);
      }
    });
    return out;
  }
}
