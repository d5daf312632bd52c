package io.kloggregator.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to ask the gateway for: the app, the server-side filters ({@code type}, {@code instance},
 * {@code source}, {@code contains} or {@code regex}, {@code ignore_case}, {@code negate}) and how
 * many recent lines. The gateway and the streams router apply the filters before counting the
 * recent lines, so {@code -n 20 --stream err} is the last 20 ERR lines and filtered-out lines
 * never cross the network. Immutable.
 *
 * @param stream {@code OUT}, {@code ERR} or null for both
 * @param instance an instance index or null
 * @param source a source name ({@code App}, {@code RTR}, ...) or null
 * @param grep text a line must contain, or null
 * @param regex a pattern found in the line (instead of {@code grep}), or null
 * @param ignoreCase whether grep or regex ignores case
 * @param negate whether only lines that grep or regex does not match are wanted
 */
record LogsQuery(String app, String stream, String instance, String source, String grep,
    String regex, boolean ignoreCase, boolean negate) {

  LogsQuery(String app, String stream, String instance, String source, String grep) {
    this(app, stream, instance, source, grep, null, false, false);
  }

  LogsQuery {
    if (app == null || app.isBlank()) {
      throw new IllegalArgumentException("APP must not be blank");
    }
    if (stream != null) {
      stream = stream.toUpperCase(Locale.ROOT);
      if (!stream.equals("OUT") && !stream.equals("ERR")) {
        throw new IllegalArgumentException("--stream must be out or err, was '" + stream + "'");
      }
    }
    if (instance != null && !instance.matches("\\d{1,9}")) {
      throw new IllegalArgumentException(
          "--instance must be an instance index (0, 1, ...), was '" + instance + "'");
    }
    if (grep != null && grep.isEmpty()) {
      throw new IllegalArgumentException("--grep must not be empty");
    }
    if (grep != null && regex != null) {
      throw new IllegalArgumentException("give --grep or --regex, not both");
    }
    if (grep == null && regex == null && (ignoreCase || negate)) {
      throw new IllegalArgumentException("-i and -v apply to --grep or --regex; give one");
    }
    if (regex != null && regex.isEmpty()) {
      throw new IllegalArgumentException("--regex must not be empty");
    }
    if (regex != null) {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("--regex is not a valid pattern: "
            + e.getDescription() + " in '" + regex + "'");
      }
    }
  }

  /** {@code /recent} (NDJSON): {@code n} lines, or the gateway's default when {@code n <= 0}. */
  String recentPath(int n) {
    Map<String, String> params = params();
    if (n > 0) {
      params.put("n", Integer.toString(n));
    }
    return "/recent?" + encode(params);
  }

  /** WS {@code /tail/}: live; with {@code recent > 0} dump-then-follow; or resume at a cursor. */
  String tailPath(int recent, String cursor) {
    Map<String, String> params = params();
    if (cursor != null) {
      params.put("cursor", cursor);
    } else if (recent > 0) {
      params.put("recent", Integer.toString(recent));
    }
    return "/tail/?" + encode(params);
  }

  private Map<String, String> params() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("app", app);
    // kloggregator's JSON frames, asked for by name: the 2013 paths answer the original's protobuf
    // form to a request that does not.
    params.put("format", "json");
    putIfSet(params, "type", stream);
    putIfSet(params, "instance", instance);
    putIfSet(params, "source", source);
    putIfSet(params, "contains", grep);
    putIfSet(params, "regex", regex);
    putIfSet(params, "ignore_case", ignoreCase ? "true" : null);
    putIfSet(params, "negate", negate ? "true" : null);
    return params;
  }

  private static void putIfSet(Map<String, String> params, String name, String value) {
    if (value != null) {
      params.put(name, value);
    }
  }

  private static String encode(Map<String, String> params) {
    StringJoiner query = new StringJoiner("&");
    params.forEach((name, value) -> query.add(name + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
    return query.toString();
  }
}
