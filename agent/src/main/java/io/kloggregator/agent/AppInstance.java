package io.kloggregator.agent;

import java.nio.file.Path;

/**
 * One app instance (or staging task) the agent reads, as listed in {@code instances.json}. Two
 * snapshots that list an equal instance keep its readers and their connections: equality is app
 * id, index, warden job id, container path and source name (not the state, which moves STARTING
 * to RUNNING to STOPPING).
 *
 * @param sourceName {@code App} for an instance, {@code STG} for a staging task (index 0)
 */
record AppInstance(String appId, int index, long jobId, Path containerPath, String sourceName) {

  static final String APP = "App";
  static final String STAGING = "STG";

  /** A running app instance. */
  AppInstance(String appId, int index, long jobId, Path containerPath) {
    this(appId, index, jobId, containerPath, APP);
  }

  /** {@code <warden_container_path>/jobs/<warden_job_id>}, the directory holding the sockets. */
  Path jobDir() {
    return containerPath.resolve("jobs").resolve(Long.toString(jobId));
  }

  Path stdoutSocket() {
    return jobDir().resolve("stdout.sock");
  }

  Path stderrSocket() {
    return jobDir().resolve("stderr.sock");
  }
}
