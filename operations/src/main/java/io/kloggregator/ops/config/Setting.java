package io.kloggregator.ops.config;

import java.net.URI;
import io.kloggregator.ops.net.IpNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One environment variable a component reads: its name, how its text is parsed, its default (or
 * that it is required), the rule its value must pass and one line of documentation. Declared once
 * as a constant beside the component's config record, bound by {@link Settings#bind} and rendered
 * into the module README by {@link SettingsTable}. Immutable; every modifier returns a copy.
 *
 * <p>A parser and a rule fail with a rule sentence ({@code "must be an integer"}); the binder and
 * {@link #refuse} put the variable and the value in front of it, so every error reads
 * {@code NAME=value: rule}.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

  private static final String UNSET = "(unset)";

  private final String name;
  private final String type;
  private final Function<String, T> parser;
  private final Function<T, String> show;
  private final Predicate<T> rule;
  private final String ruleText;
  private final boolean required;
  private final T fallback;
  private final String fallbackText;
  private final String doc;
  private final boolean secret;
  private final boolean prefix;
  /** Set but blank is parsed (the parser gets {@code ""}) instead of taking the default. */
  private final boolean blankIsValue;

  private Setting(String name, String type, Function<String, T> parser, Function<T, String> show,
      Predicate<T> rule, String ruleText, boolean required, T fallback, String fallbackText,
      String doc, boolean secret, boolean prefix, boolean blankIsValue) {
    this.name = name;
    this.type = type;
    this.parser = parser;
    this.show = show;
    this.rule = rule;
    this.ruleText = ruleText;
    this.required = required;
    this.fallback = fallback;
    this.fallbackText = fallbackText;
    this.doc = doc;
    this.secret = secret;
    this.prefix = prefix;
    this.blankIsValue = blankIsValue;
  }

  /**
   * A setting parsed by {@code parser}, which throws {@link IllegalArgumentException} with a rule
   * sentence for text it refuses. Required until {@link #orElse} gives a default.
   */
  public static <T> Setting<T> of(String name, String type, Function<String, T> parser) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException("a setting name is UPPER_SNAKE_CASE, got " + name);
    }
    return new Setting<>(name, type, parser, String::valueOf, v -> true, "", true, null, "",
        "", false, false, false);
  }

  /** Text, trimmed. */
  public static Setting<String> text(String name) {
    return of(name, "text", s -> s);
  }

  /** {@code true/false}, {@code yes/no} or {@code 1/0}, in any case. */
  public static Setting<Boolean> bool(String name) {
    return of(name, "true/false, yes/no, 1/0", TextParsers::parseBoolean);
  }

  /** A 32-bit integer. */
  public static Setting<Integer> integer(String name) {
    return of(name, "integer", TextParsers::parseInt);
  }

  /** A 64-bit integer. */
  public static Setting<Long> longInteger(String name) {
    return of(name, "integer", TextParsers::parseLong);
  }

  /** A TCP/UDP port, 0 = any free port. */
  public static Setting<Integer> port(String name) {
    return integer(name).rule(p -> p >= 0 && p <= 65535, "must be a port 0..65535");
  }

  /** A whole number of milliseconds, as a {@link Duration}. */
  public static Setting<Duration> millis(String name) {
    return of(name, "milliseconds", s -> Duration.ofMillis(TextParsers.parseLong(s)))
        .shown(d -> Long.toString(d.toMillis()));
  }

  /** A whole number of seconds, as a {@link Duration}. */
  public static Setting<Duration> seconds(String name) {
    return of(name, "seconds", s -> Duration.ofSeconds(TextParsers.parseLong(s)))
        .shown(d -> Long.toString(d.toSeconds()));
  }

  /** A whole number of mebibytes, as bytes. */
  public static Setting<Long> mebibytes(String name) {
    return of(name, "MiB", TextParsers::parseMebibytes)
        .shown(b -> Long.toString(b >> 20));
  }

  /** Comma-separated entries, each trimmed; blank entries are dropped. */
  public static Setting<List<String>> list(String name) {
    return of(name, "comma-separated list", TextParsers::parseList)
        .shown(l -> String.join(",", l));
  }

  /**
   * Comma-separated networks in CIDR notation, IPv4 and IPv6 ({@code 10.0.0.0/8,fd00::/8}; a
   * bare address is one host). Set but blank is the empty list, not the default: an allow-list
   * emptied on purpose allows nothing.
   */
  public static Setting<List<IpNetwork>> networks(String name) {
    return of(name, "comma-separated CIDR networks", TextParsers::parseNetworks)
        .shown(l -> l.stream().map(IpNetwork::toString).collect(Collectors.joining(",")))
        .blankIsValue();
  }

  /** A file system path. */
  public static Setting<Path> path(String name) {
    return of(name, "path", TextParsers::parsePath);
  }

  /** An absolute URI such as {@code http://host:port}. */
  public static Setting<URI> uri(String name) {
    return of(name, "URI", TextParsers::parseUri);
  }

  /** An ISO-8601 instant such as {@code 2026-11-25T09:00:00Z}. */
  public static Setting<Instant> instant(String name) {
    return of(name, "ISO-8601 instant", TextParsers::parseInstant);
  }

  /** One of the constants of {@code type}, in any case. */
  public static <E extends Enum<E>> Setting<E> oneOf(String name, Class<E> type) {
    String names = Arrays.stream(type.getEnumConstants()).map(Enum::name)
        .collect(Collectors.joining(", "));
    return of(name, names, s -> {
      try {
        return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("must be one of " + names, e);
      }
    }).shown(Enum::name);
  }

  /**
   * Every variable {@code NAME<KEY>}, passed through as {@code key=value} with {@code <KEY>}
   * lower-cased and {@code _} turned into {@code .}: with the prefix
   * {@code KLOGGREGATOR_BRIDGE_PRODUCER_}, {@code KLOGGREGATOR_BRIDGE_PRODUCER_LINGER_MS=20} is
   * {@code linger.ms=20}. Never required; unset means an empty map.
   */
  public static Setting<Map<String, String>> prefix(String name) {
    if (!name.endsWith("_")) {
      throw new IllegalArgumentException("a prefix setting ends with _, got " + name);
    }
    return new Setting<Map<String, String>>(name, "Kafka keys", s -> Map.of(), String::valueOf,
        v -> true, "", false, Map.of(), "none", "", false, true, false);
  }

  /** Not required: unset or blank gives {@code value}, shown in the README as it would be set. */
  public Setting<T> orElse(T value) {
    return orElse(value, value == null ? "unset" : "`" + show.apply(value) + "`");
  }

  /** Not required: unset or blank gives {@code value}; the README shows {@code text}. */
  public Setting<T> orElse(T value, String text) {
    return new Setting<>(name, type, parser, show, rule, ruleText, false, value, text, doc, secret,
        prefix, blankIsValue);
  }

  /** The value must pass {@code test}; {@code text} is the rule sentence ("must be ..."). */
  public Setting<T> rule(Predicate<T> test, String text) {
    return new Setting<>(name, type, parser, show, test, text, required, fallback, fallbackText,
        doc, secret, prefix, blankIsValue);
  }

  /** One line for the README: what the setting does. */
  public Setting<T> doc(String line) {
    return new Setting<>(name, type, parser, show, rule, ruleText, required, fallback,
        fallbackText, line, secret, prefix, blankIsValue);
  }

  /** Errors show {@code ****} instead of the value. */
  public Setting<T> secret() {
    return new Setting<>(name, type, parser, show, rule, ruleText, required, fallback,
        fallbackText, doc, true, prefix, blankIsValue);
  }

  /** Set but blank is parsed (the parser gets {@code ""}) rather than taking the default. */
  public Setting<T> blankIsValue() {
    return new Setting<>(name, type, parser, show, rule, ruleText, required, fallback,
        fallbackText, doc, secret, prefix, true);
  }

  /** How a value is written back as the variable's text (errors and the README default). */
  public Setting<T> shown(Function<T, String> writer) {
    return new Setting<>(name, type, parser, writer, rule, ruleText, required, fallback,
        fallbackText, doc, secret, prefix, blankIsValue);
  }

  public String name() {
    return name;
  }

  /** What the text may be: {@code integer}, {@code milliseconds}, {@code HMAC, LEGACY, BOTH}. */
  public String type() {
    return type;
  }

  /** The rule sentence, empty when any parsed value is accepted. */
  public String ruleText() {
    return ruleText;
  }

  public boolean isRequired() {
    return required;
  }

  /** The default as the README shows it; empty for a required setting. */
  public String fallbackText() {
    return fallbackText;
  }

  public String doc() {
    return doc;
  }

  /** True for a {@link #prefix} setting, which stands for every variable starting with it. */
  public boolean isPrefix() {
    return prefix;
  }

  /** True when {@code variable} is this setting, or, for a prefix, one of its variables. */
  public boolean covers(String variable) {
    return prefix ? variable.startsWith(name) && variable.length() > name.length()
        : variable.equals(name);
  }

  /**
   * Throws {@link ConfigException} {@code NAME=value: rule} unless {@code ok}; for rules the
   * config record checks itself (several fields, or a value built without the environment).
   */
  public void check(boolean ok, T value, String ruleSentence) {
    if (!ok) {
      throw refusal(value, ruleSentence);
    }
  }

  /** The {@link ConfigException} {@code NAME=value: rule}, for the caller to throw. */
  public ConfigException refusal(T value, String ruleSentence) {
    return new ConfigException(List.of(refuse(value == null ? null : show.apply(value),
        ruleSentence)));
  }

  /** Throws {@link ConfigException} unless {@code value} passes this setting's rule. */
  public T require(T value) {
    check(value != null, value, "is required");
    check(rule.test(value), value, ruleText);
    return value;
  }

  /** Throws when the default breaks the rule: a declaration mistake, found at class load. */
  void checkDefault() {
    if (!required && fallback != null && !rule.test(fallback)) {
      throw new IllegalArgumentException(name + " default " + show.apply(fallback) + " "
          + ruleText);
    }
  }

  /** The error line {@code NAME=text: rule}, with the value masked for a secret. */
  String refuse(String text, String ruleSentence) {
    String value;
    if (text == null) {
      value = UNSET;
    } else if (text.isBlank()) {
      value = "(blank)";
    } else if (secret) {
      value = "****";
    } else {
      value = text;
    }
    return name + "=" + value + ": " + ruleSentence;
  }

  /** Parses the variable's raw text (null when unset) or throws the error line. */
  T parse(String raw) {
    if (raw == null || raw.isBlank() && !blankIsValue) {
      if (required) {
        throw new IllegalArgumentException(refuse(raw, "is required"));
      }
      return fallback;
    }
    T value;
    try {
      value = parser.apply(raw.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(refuse(raw, e.getMessage()), e);
    }
    if (!rule.test(value)) {
      throw new IllegalArgumentException(refuse(raw, ruleText));
    }
    return value;
  }

  @Override
  public String toString() {
    return "Setting[" + name + "]";
  }
}
