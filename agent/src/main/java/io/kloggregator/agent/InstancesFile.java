package io.kloggregator.agent;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the DEA's {@code instances.json} snapshot into the instances the agent reads: those in
 * state RUNNING, STARTING or STOPPING with a container path and a warden job id other than 0,
 * and the staging tasks ({@code staging_message.app_id}, read as source {@code STG}).
 * Entries without an app id or with fields of the wrong type are skipped and counted. Parsing
 * is separate from file I/O; thread-safe.
 */
final class InstancesFile {

  private static final Set<String> READ_STATES = Set.of("RUNNING", "STARTING", "STOPPING");

  /** What a snapshot lists, and how many of its entries were unusable. */
  record Snapshot(List<AppInstance> instances, int skipped) {
  }

  /** A snapshot that is not valid JSON or not shaped as the DEA writes it. */
  static final class InvalidException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final ObjectMapper json = new ObjectMapper();

  /** Parses {@code content} read from {@code source} (named in errors). */
  Snapshot parse(byte[] content, Path source) {
    JsonNode root;
    try {
      root = json.readTree(content);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "unknown position"
          : "line " + at.getLineNr() + " column " + at.getColumnNr() + " (byte "
              + at.getByteOffset() + ")";
      throw new InvalidException(source + " is not valid JSON at " + where + ": "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidException("cannot parse " + source + ": " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidException(source + " is empty (line 1 column 1)", null);
    }
    if (!root.isObject()) {
      throw new InvalidException(source + " must hold a JSON object at line 1, got "
          + root.getNodeType(), null);
    }
    JsonNode list = root.path("instances");
    if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
      throw new InvalidException(source + ": $.instances must be an array, got "
          + list.getNodeType(), null);
    }
    Set<AppInstance> out = new LinkedHashSet<>();
    int skipped = readInstances(list, out) + readStagingTasks(root.path("staging_tasks"), out);
    return new Snapshot(new ArrayList<>(out), skipped);
  }

  /** Adds the instances to read from {@code $.instances}; returns how many were unusable. */
  private static int readInstances(JsonNode list, Set<AppInstance> out) {
    if (!list.isArray()) {
      return 0;
    }
    int skipped = 0;
    for (JsonNode entry : list) {
      if (!entry.isObject()) {
        skipped++;
        continue;
      }
      if (!READ_STATES.contains(entry.path("state").asText(""))) {
        continue;
      }
      String appId = entry.path("application_id").asText("");
      String container = entry.path("warden_container_path").asText("");
      JsonNode job = entry.path("warden_job_id");
      JsonNode index = entry.path("instance_index");
      if (appId.isBlank() || !job.canConvertToLong() || !index.canConvertToInt()) {
        skipped++;
        continue;
      }
      if (container.isEmpty() || job.asLong() == 0) {
        continue;
      }
      try {
        out.add(new AppInstance(appId, index.asInt(), job.asLong(), Path.of(container)));
      } catch (InvalidPathException e) {
        skipped++;
      }
    }
    return skipped;
  }

  /**
   * Adds the staging tasks of {@code $.staging_tasks} (source {@code STG}, index 0); returns how
   * many were unusable. A missing or non-array list has none.
   */
  private static int readStagingTasks(JsonNode list, Set<AppInstance> out) {
    if (!list.isArray()) {
      return 0;
    }
    int skipped = 0;
    for (JsonNode entry : list) {
      String appId = entry.path("staging_message").path("app_id").asText("");
      String container = entry.path("warden_container_path").asText("");
      JsonNode job = entry.path("warden_job_id");
      if (appId.isBlank() || !job.canConvertToLong()) {
        skipped++;
        continue;
      }
      if (container.isEmpty() || job.asLong() == 0) {
        continue;
      }
      try {
        out.add(new AppInstance(appId, 0, job.asLong(), Path.of(container),
            AppInstance.STAGING));
      } catch (InvalidPathException e) {
        skipped++;
      }
    }
    return skipped;
  }
}
