package io.kloggregator.gateway;

import io.kloggregator.schemas.LogFilter;
import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The parameters of a tail, dump or {@code /recent} request, checked:
 * {@code app} (required), {@code recent}/{@code n} (0..max lines), {@code cursor}
 * ({@code partition:offset}), {@code format} ({@code json} or {@code protobuf}) and the
 * {@link LogFilter} parameters {@code type}, {@code source}, {@code instance}, {@code contains},
 * and, with JSON only, {@code regex}, {@code ignore_case}, {@code negate}. A request that names
 * none of these but {@code app} (and {@code authorization}), and sends no {@code Accept} header
 * other than {@code multipart/x-protobuf}, is the original 2013 client's: it is {@code original},
 * gets protobuf and is refused as the original refused. Any other request without
 * {@code format} gets kloggregator's JSON. Immutable.
 */
record TailQuery(String appId, int recent, Cursor cursor, Format format, LineFilter filter,
    boolean original) {

  /** How lines are framed for the client. */
  enum Format { JSON, PROTOBUF }

  /** A position in the log topic: the line at {@code offset} of {@code partition}. */
  record Cursor(int partition, long offset) {

    static Cursor parse(String text) {
      int colon = text.indexOf(':');
      try {
        if (colon > 0) {
          int partition = Integer.parseInt(text.substring(0, colon));
          long offset = Long.parseLong(text.substring(colon + 1));
          if (partition >= 0 && offset >= 0) {
            return new Cursor(partition, offset);
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new BadRequestException("cursor must be <partition>:<offset> with both >= 0, was '"
          + text + "'");
    }
  }

  private static final Set<String> ORIGINAL_PARAMS = Set.of("app", "authorization");

  private static final Set<String> KNOWN = known();

  /** kloggregator's later filters, taken with its JSON form only. */
  private static final List<String> JSON_ONLY =
      List.of(LogFilter.REGEX, LogFilter.IGNORE_CASE, LogFilter.NEGATE);

  private static Set<String> known() {
    Set<String> known = new HashSet<>(Set.of("app", "recent", "n", "cursor", "format",
        "authorization"));
    known.addAll(LogFilter.PARAMS);
    return Set.copyOf(known);
  }

  /** Parses a request that sent no {@code Accept} header. */
  static TailQuery parse(MultiMap params, String recentParam, int defaultRecent, int maxRecent) {
    return parse(params, null, recentParam, defaultRecent, maxRecent);
  }

  /**
   * Parses {@code params} of a request that sent {@code accept} (null when none);
   * {@code recentParam} is "recent" (tail) or "n" (dump, /recent).
   */
  static TailQuery parse(MultiMap params, String accept, String recentParam, int defaultRecent,
      int maxRecent) {
    for (String name : params.names()) {
      if (!KNOWN.contains(name)) {
        throw new BadRequestException("unknown parameter '" + name + "'; known: app, "
            + recentParam + ", cursor, format, " + String.join(", ", LogFilter.PARAMS));
      }
      if (params.getAll(name).size() > 1) {
        throw new BadRequestException("parameter '" + name + "' is given more than once");
      }
    }
    String app = params.get("app");
    if (app == null || app.isBlank()) {
      throw new BadRequestException("Invalid AppId: the app parameter is required");
    }
    // A dump or /recent of 0 lines asks for nothing; a tail's recent=0 means "live only".
    int min = recentParam.equals("n") ? 1 : 0;
    int recent = recent(params.get(recentParam), recentParam, defaultRecent, min, maxRecent);
    String cursorText = params.get("cursor");
    Cursor cursor = cursorText == null ? null : Cursor.parse(cursorText);
    if (cursor != null && recent > 0) {
      throw new BadRequestException("give either cursor or " + recentParam + ", not both");
    }
    boolean original = params.get("format") == null
        && ORIGINAL_PARAMS.containsAll(params.names())
        && (accept == null || accept.toLowerCase(Locale.ROOT).contains("multipart/x-protobuf"));
    Format format = original ? Format.PROTOBUF : format(params.get("format"));
    if (format != Format.JSON) {
      for (String name : JSON_ONLY) {
        if (params.contains(name)) {
          throw new BadRequestException(name + " is taken with format=json only");
        }
      }
    }
    return new TailQuery(app, recent, cursor, format, filter(params), original);
  }

  private static int recent(String text, String name, int fallback, int min, int max) {
    if (text == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequestException(name + " must be an integer in " + min + ".." + max
        + ", was '" + text
        + "'");
  }

  private static Format format(String text) {
    if (text == null || text.equalsIgnoreCase("json")) {
      return Format.JSON;
    }
    if (text.equalsIgnoreCase("protobuf")) {
      return Format.PROTOBUF;
    }
    throw new BadRequestException("format must be json or protobuf, was '" + text + "'");
  }

  private static LineFilter filter(MultiMap params) {
    try {
      return new LineFilter(LogFilter.parse(params::get));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
  }
}
