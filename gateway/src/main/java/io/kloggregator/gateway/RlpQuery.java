package io.kloggregator.gateway;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The query of the RLP gateway's {@code GET /v2/read}, checked as the RLP checks it: at least one
 * parameter, at least one envelope type ({@code log}, {@code counter}, {@code gauge},
 * {@code timer}, {@code event}, or a {@code counter.name} / {@code gauge.name}, present = wanted),
 * names not empty. {@code source_id} may repeat (none: every source); {@code shard_id} names the
 * shared stream. kloggregator holds logs only, so only {@code log} selects anything. Unlike the
 * RLP, which ignores them, an unknown parameter is refused (in the RLP's error form), so that a
 * misspelt {@code source_id} cannot silently read every source. Immutable.
 */
record RlpQuery(Set<String> sourceIds, boolean logs, String shardId) {

  /** An answer in the RLP's error form: {@code {"message":"...","error":"..."}} as text. */
  record Refusal(int status, String error, String message) {

    static final Refusal NOT_FOUND = new Refusal(404, "not_found", "resource not found");

    /** The body as Go's {@code http.Error} writes the RLP's JSON error. */
    byte[] body() {
      return ("{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"")
          + "\",\"error\":\"" + error + "\"}\n\n").getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Thrown by {@link #parse} with the refusal to send. */
  static final class RefusedException extends RuntimeException {

    private final transient Refusal refusal;

    RefusedException(Refusal refusal) {
      super(refusal.message());
      this.refusal = refusal;
    }

    Refusal refusal() {
      return refusal;
    }
  }

  private static final List<String> TYPES = List.of("log", "counter", "gauge", "timer", "event",
      "counter.name", "gauge.name");
  private static final Set<String> KNOWN = Set.of("log", "counter", "gauge", "timer", "event",
      "counter.name", "gauge.name", "source_id", "shard_id", "deterministic_name",
      "authorization");

  RlpQuery {
    sourceIds = Set.copyOf(sourceIds);
  }

  /** The source ids of {@code params} as given (none: every source), before any other check. */
  static Set<String> sourceIds(MultiMap params) {
    return new LinkedHashSet<>(params.getAll("source_id"));
  }

  /** Checks {@code params}; throws {@link RefusedException} with the RLP's 400. */
  static RlpQuery parse(MultiMap params) {
    if (params.isEmpty()) {
      throw refused("empty_query", "query cannot be empty");
    }
    for (String name : params.names()) {
      if (!KNOWN.contains(name)) {
        throw refused("unknown_parameter", "unknown parameter '" + name + "'; known: source_id, "
            + "log, counter, counter.name, gauge, gauge.name, timer, event, shard_id");
      }
    }
    if (TYPES.stream().noneMatch(params::contains)) {
      throw refused("missing_envelope_type", "query must provide at least one envelope type");
    }
    if (params.getAll("counter.name").stream().anyMatch(String::isEmpty)) {
      throw refused("missing_counter_name", "counter.name is invalid without value");
    }
    if (params.getAll("gauge.name").stream().anyMatch(String::isEmpty)) {
      throw refused("missing_gauge_name", "gauge.name is invalid without value");
    }
    if (params.getAll("source_id").stream().anyMatch(String::isEmpty)) {
      throw refused("missing_source_id", "source_id is invalid without value");
    }
    String shard = params.get("shard_id");
    return new RlpQuery(sourceIds(params), params.contains("log"),
        shard == null || shard.isEmpty() ? null : shard);
  }

  /** The apps whose lines the stream takes, or null for every app's. */
  Set<String> apps() {
    return sourceIds.isEmpty() ? null : sourceIds;
  }

  private static RefusedException refused(String error, String message) {
    return new RefusedException(new Refusal(400, error, message));
  }
}
