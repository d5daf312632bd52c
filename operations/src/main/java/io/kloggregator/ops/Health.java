package io.kloggregator.ops;

import java.util.Map;

/**
 * A component's health as {@code /health} reports it: {@code healthy} decides the status code
 * (200 or 503), {@code details} are shown as JSON string fields.
 */
public record Health(boolean healthy, Map<String, String> details) {

  public Health {
    details = Map.copyOf(details);
  }

  public static Health up(Map<String, String> details) {
    return new Health(true, details);
  }

  public static Health down(Map<String, String> details) {
    return new Health(false, details);
  }

  /** The JSON body: {@code {"status":"UP",...details}}. */
  public String toJson() {
    StringBuilder json = new StringBuilder("{\"status\":\"").append(healthy ? "UP" : "DOWN")
        .append('"');
    details.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        json.append(",\"").append(escape(e.getKey())).append("\":\"").append(escape(e.getValue()))
            .append('"'));
    return json.append('}').toString();
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
