package io.kloggregator.ops.config;

import io.kloggregator.ops.net.IpNetwork;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The parsers of {@link Setting}'s built-in types; each fails with a rule sentence. */
final class TextParsers {

  private TextParsers() {
  }

  static boolean parseBoolean(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("must be true/false, yes/no or 1/0");
    };
  }

  static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be an integer", e);
    }
  }

  static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be an integer", e);
    }
  }

  static long parseMebibytes(String s) {
    long mebibytes = parseLong(s);
    if (mebibytes > Long.MAX_VALUE >> 20 || mebibytes < Long.MIN_VALUE >> 20) {
      throw new IllegalArgumentException("must be at most " + (Long.MAX_VALUE >> 20));
    }
    return mebibytes << 20;
  }

  static List<String> parseList(String s) {
    List<String> out = new ArrayList<>();
    for (String part : s.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return List.copyOf(out);
  }

  /** Every entry must parse; the error names the first bad one. */
  static List<IpNetwork> parseNetworks(String s) {
    List<IpNetwork> out = new ArrayList<>();
    for (String entry : parseList(s)) {
      out.add(IpNetwork.parse(entry));
    }
    return List.copyOf(out);
  }

  static Path parsePath(String s) {
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("must be a path (" + e.getReason() + ")", e);
    }
  }

  static URI parseUri(String s) {
    try {
      URI uri = new URI(s);
      if (!uri.isAbsolute()) {
        throw new IllegalArgumentException("must be an absolute URI such as http://host:port");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("must be a URI (" + e.getReason() + ")", e);
    }
  }

  static Instant parseInstant(String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "must be an ISO-8601 instant such as 2026-11-25T09:00:00Z", e);
    }
  }
}
