package io.kloggregator.ops.config;

import java.util.List;

/**
 * Settings a component refuses, each as one line {@code NAME=value: rule}. An
 * {@link IllegalArgumentException}, so {@code ExitCodes.configOrExit} logs it and exits 2.
 */
public final class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<String> errors;

  public ConfigException(List<String> errors) {
    super(errors.size() == 1 ? errors.get(0)
        : errors.size() + " settings refused: " + String.join("; ", errors));
    this.errors = List.copyOf(errors);
  }

  /** One line per refused setting, in declaration order. */
  public List<String> errors() {
    return errors;
  }
}
