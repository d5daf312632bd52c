package io.kloggregator.gateway;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Log Cache read, {@code GET /api/v1/read/<source-id>}, parsed and checked as Log Cache does:
 * {@code start_time} (ns, inclusive, negative allowed, default 0), {@code end_time} (ns,
 * exclusive; absent or 0 = now), {@code envelope_types} (repeatable or comma-separated: ANY, LOG,
 * COUNTER, GAUGE, TIMER, EVENT, by name or number), {@code limit} (default 100, at most 1,000),
 * {@code descending}, {@code name_filter} (a regular expression on metric names: with one, no
 * log envelope matches). Other parameters are refused, which Log Cache would ignore. Errors are
 * {@link LogCacheError}s in Log Cache's words. Immutable.
 *
 * @param endNanos the end as given, 0 when absent (= now)
 * @param logs whether log envelopes are wanted (no type, ANY or LOG, and no name filter)
 */
record LogCacheQuery(String sourceId, long startNanos, long endNanos, int limit,
    boolean descending, boolean logs) {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Set<String> PARAMS = Set.of("start_time", "end_time", "envelope_types",
      "limit", "descending", "name_filter");
  private static final List<String> TYPES = List.of("ANY", "LOG", "COUNTER", "GAUGE", "TIMER",
      "EVENT");
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  static LogCacheQuery parse(String sourceId, MultiMap params) {
    for (String name : params.names()) {
      if (!PARAMS.contains(name)) {
        throw LogCacheError.invalid("unknown query parameter \"" + name + "\"");
      }
    }
    long start = integer(params, "start_time", 0L);
    long end = integer(params, "end_time", 0L);
    long limit = integer(params, "limit", 0L);
    boolean descending = bool(params, "descending");
    boolean logs = wantsLogs(params.getAll("envelope_types"));
    String nameFilter = single(params, "name_filter");
    if (end != 0 && start > end) {
      throw LogCacheError.refused("StartTime (" + start + ") must be before EndTime (" + end
          + ")");
    }
    if (limit > MAX_LIMIT) {
      throw LogCacheError.refused("limit (" + limit + ") must be 1000 or less");
    }
    if (limit < 0) {
      throw LogCacheError.refused("limit (" + limit + ") must be greater than zero");
    }
    if (nameFilter != null && !nameFilter.isEmpty()) {
      try {
        Pattern.compile(nameFilter);
      } catch (PatternSyntaxException e) {
        throw LogCacheError.refused("name filter must be a valid regular expression: "
            + e.getDescription());
      }
      logs = false;
    }
    return new LogCacheQuery(sourceId, start, end, limit == 0 ? DEFAULT_LIMIT : (int) limit,
        descending, logs);
  }

  /** The end of the range: {@code end_time}, or {@code nowNanos} when it was absent or 0. */
  long endNanos(long nowNanos) {
    return endNanos == 0 ? nowNanos : endNanos;
  }

  private static String single(MultiMap params, String name) {
    List<String> values = params.getAll(name);
    if (values.size() > 1) {
      throw LogCacheError.invalid("too many values for field \"" + name + "\": "
          + String.join(", ", values));
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static long integer(MultiMap params, String name, long absent) {
    String value = single(params, name);
    if (value == null) {
      return absent;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      String why = INTEGER.matcher(value).matches() ? "value out of range" : "invalid syntax";
      throw LogCacheError.invalid("parsing field \"" + name + "\": strconv.ParseInt: parsing "
          + quoted(value) + ": " + why);
    }
  }

  /** Go's {@code strconv.ParseBool}: 1, t, T, TRUE, true, True and their false forms. */
  private static boolean bool(MultiMap params, String name) {
    String value = single(params, name);
    if (value == null) {
      return false;
    }
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw LogCacheError.invalid("parsing field \"" + name
          + "\": strconv.ParseBool: parsing " + quoted(value) + ": invalid syntax");
    };
  }

  private static boolean wantsLogs(List<String> values) {
    boolean any = true;
    boolean logs = false;
    for (String value : values) {
      for (String type : value.split(",", -1)) {
        int index = type(type.trim());
        any = false;
        logs |= index == 0 || index == 1;
      }
    }
    return any || logs;
  }

  private static int type(String value) {
    int index = TYPES.indexOf(value);
    if (index < 0 && INTEGER.matcher(value).matches() && value.length() < 3) {
      index = Integer.parseInt(value);
    }
    if (index < 0 || index >= TYPES.size()) {
      throw LogCacheError.invalid("parsing list \"envelope_types\": " + quoted(value)
          + " is not a valid value");
    }
    return index;
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "LogCacheQuery[%s %d..%d limit %d%s%s]", sourceId,
        startNanos, endNanos, limit, descending ? " descending" : "", logs ? "" : " no logs");
  }
}
