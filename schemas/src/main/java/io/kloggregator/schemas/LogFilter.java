package io.kloggregator.schemas;

import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which of an app's lines a reader wants, as the query parameters of the gateway's reads and the
 * streams router's {@code /v1/recent} name it: {@code type} (OUT or ERR), {@code source}
 * ({@code App}, {@code RTR}, ... without case), {@code instance} (an index), and a text rule,
 * {@code contains} (a substring) or {@code regex} (a {@link Pattern}, found anywhere in the
 * line), which {@code ignore_case=true} makes case-insensitive and {@code negate=true} inverts
 * (lines that do not match, as {@code grep -v}). The gateway parses it from a request and passes
 * {@link #params()} on to the router, which applies it while it walks its store, so "the last n"
 * means the last n that match. Immutable, thread-safe.
 */
public final class LogFilter {

  public static final String TYPE = "type";
  public static final String SOURCE = "source";
  public static final String INSTANCE = "instance";
  public static final String CONTAINS = "contains";
  public static final String REGEX = "regex";
  public static final String IGNORE_CASE = "ignore_case";
  public static final String NEGATE = "negate";
  /** Every parameter, in the order {@link #params()} gives them. */
  public static final List<String> PARAMS =
      List.of(TYPE, SOURCE, INSTANCE, CONTAINS, REGEX, IGNORE_CASE, NEGATE);
  /** The longest regex taken: a line filter, not a program. */
  public static final int MAX_REGEX_CHARS = 512;

  /** Matches every line. */
  public static final LogFilter ALL = new LogFilter(Map.of(), null, null, null, null, null, false);

  private final Map<String, String> params;
  private final LogMessage.MessageType type;
  private final String source;
  private final String instance;
  // A case-sensitive substring is compared as a string; any other text rule is this pattern.
  private final String substring;
  private final Pattern pattern;
  private final boolean negate;

  private LogFilter(Map<String, String> params, LogMessage.MessageType type, String source,
      String instance, String substring, Pattern pattern, boolean negate) {
    this.params = params;
    this.type = type;
    this.source = source;
    this.instance = instance;
    this.substring = substring;
    this.pattern = pattern;
    this.negate = negate;
  }

  /**
   * The filter that {@code param} (a parameter's value by name, null when absent) asks for.
   *
   * @throws IllegalArgumentException naming the parameter, the rule and the value given
   */
  public static LogFilter parse(Function<String, String> param) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String name : PARAMS) {
      String value = param.apply(name);
      if (value != null) {
        given.put(name, value);
      }
    }
    if (given.isEmpty()) {
      return ALL;
    }
    LogMessage.MessageType type = type(given.get(TYPE));
    String instance = given.get(INSTANCE);
    if (instance != null && !instance.matches("\\d{1,9}")) {
      throw new IllegalArgumentException("instance must be an instance index (0, 1, ...), was '"
          + instance + "'");
    }
    String source = given.get(SOURCE);
    if (source != null && source.isBlank()) {
      throw new IllegalArgumentException("source must not be empty");
    }
    boolean ignoreCase = flag(given, IGNORE_CASE);
    boolean negate = flag(given, NEGATE);
    String contains = nonEmpty(given, CONTAINS);
    String regex = nonEmpty(given, REGEX);
    if (contains != null && regex != null) {
      throw new IllegalArgumentException("give contains or regex, not both");
    }
    if (contains == null && regex == null && (given.containsKey(IGNORE_CASE)
        || given.containsKey(NEGATE))) {
      throw new IllegalArgumentException("ignore_case and negate apply to contains or regex; "
          + "give one of them");
    }
    String substring = contains != null && !ignoreCase ? contains : null;
    Pattern pattern = substring != null ? null : pattern(contains, regex, ignoreCase);
    return new LogFilter(Collections.unmodifiableMap(given), type,
        source == null ? null : source.toLowerCase(Locale.ROOT), instance, substring, pattern,
        negate);
  }

  /** True when this filter matches every line (no parameter given). */
  public boolean isAll() {
    return params.isEmpty();
  }

  /** The parameters given, by name, in {@link #PARAMS} order: to pass the filter on. */
  public Map<String, String> params() {
    return params;
  }

  /** True when {@code message} is a line this filter wants. */
  public boolean matches(LogMessage message) {
    if (type != null && message.getMessageType() != type) {
      return false;
    }
    if (source != null && !message.getSourceName().toLowerCase(Locale.ROOT).equals(source)) {
      return false;
    }
    if (instance != null && !message.getSourceId().equals(instance)) {
      return false;
    }
    if (substring == null && pattern == null) {
      return true;
    }
    String text = message.getMessage().toString(StandardCharsets.UTF_8);
    boolean found = substring != null ? text.contains(substring) : pattern.matcher(text).find();
    return found != negate;
  }

  @Override
  public String toString() {
    return "LogFilter" + params;
  }

  private static LogMessage.MessageType type(String text) {
    if (text == null) {
      return null;
    }
    String upper = text.toUpperCase(Locale.ROOT);
    if (upper.equals("OUT")) {
      return LogMessage.MessageType.OUT;
    }
    if (upper.equals("ERR")) {
      return LogMessage.MessageType.ERR;
    }
    throw new IllegalArgumentException("type must be OUT or ERR, was '" + text + "'");
  }

  private static boolean flag(Map<String, String> given, String name) {
    String text = given.get(name);
    if (text == null || text.equalsIgnoreCase("false")) {
      return false;
    }
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    throw new IllegalArgumentException(name + " must be true or false, was '" + text + "'");
  }

  private static String nonEmpty(Map<String, String> given, String name) {
    String text = given.get(name);
    if (text != null && text.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return text;
  }

  private static Pattern pattern(String contains, String regex, boolean ignoreCase) {
    int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
    if (contains == null && regex == null) {
      return null;
    }
    if (contains != null) {
      return Pattern.compile(contains, flags | Pattern.LITERAL);
    }
    if (regex.length() > MAX_REGEX_CHARS) {
      throw new IllegalArgumentException("regex must be at most " + MAX_REGEX_CHARS
          + " characters, was " + regex.length());
    }
    try {
      return Pattern.compile(regex, flags);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("regex is not a valid pattern: " + e.getDescription()
          + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + " in '" + regex + "'");
    }
  }
}
