package io.kloggregator.agent;

import java.nio.file.Path;

/**
 * One app instance the agent reads, as listed in {@code instances.json}. Two snapshots that list
 * an equal instance keep its readers and their connections: equality is app id, index, warden job
 * id and container path (not the state, which moves STARTING to RUNNING to STOPPING).
 */
record AppInstance(String appId, int index, long jobId, Path containerPath) {

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
