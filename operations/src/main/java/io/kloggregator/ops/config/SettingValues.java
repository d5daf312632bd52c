package io.kloggregator.ops.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** The parsed values of a {@link Settings} binding, every one valid. Immutable. */
public final class SettingValues {

  private final Map<Setting<?>, Object> values;

  SettingValues(Map<Setting<?>, Object> values) {
    this.values = Collections.unmodifiableMap(new HashMap<>(values));
  }

  /**
   * The value of {@code setting} (its default when unset; null for an unset setting without
   * one).
   *
   * @throws IllegalStateException when {@code setting} was not declared in the bound settings
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    if (!values.containsKey(setting)) {
      throw new IllegalStateException(setting.name() + " is not one of the bound settings");
    }
    return (T) values.get(setting);
  }
}
