package io.kloggregator.gateway;

import io.kloggregator.schemas.proto.LogMessage;
import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/**
 * The parameters of a tail, dump or {@code /recent} request, checked:
 * {@code app} (required), {@code recent}/{@code n} (0..max lines), {@code cursor}
 * ({@code partition:offset}), {@code format} ({@code json} or {@code protobuf}) and the filters
 * {@code type}, {@code source}, {@code instance}, {@code contains}. A request that names none of
 * these but {@code app} (and {@code authorization}), and sends no {@code Accept} header other
 * than {@code multipart/x-protobuf}, is the original 2013 client's: it is {@code original}, gets
 * protobuf and is refused as the original refused. Any other request without {@code format} gets
 * kloggregator's JSON. Immutable.
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

  private static final Set<String> KNOWN = Set.of("app", "recent", "n", "cursor", "format", "type",
      "source", "instance", "contains", "authorization");

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
            + recentParam + ", cursor, format, type, source, instance, contains");
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
    String type = params.get("type");
    LogMessage.MessageType messageType = null;
    if (type != null) {
      try {
        messageType = LogMessage.MessageType.valueOf(type.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("type must be OUT or ERR, was '" + type + "'");
      }
    }
    String instance = params.get("instance");
    if (instance != null && !instance.matches("\\d{1,9}")) {
      throw new BadRequestException("instance must be an instance index (0, 1, ...), was '"
          + instance + "'");
    }
    String contains = params.get("contains");
    if (contains != null && contains.isEmpty()) {
      throw new BadRequestException("contains must not be empty");
    }
    return new LineFilter(messageType, params.get("source"), instance, contains);
  }
}
