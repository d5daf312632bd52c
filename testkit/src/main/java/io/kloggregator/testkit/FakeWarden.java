package io.kloggregator.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays a DEA and its warden for the agent: app instances get containers with
 * {@code jobs/<job id>/stdout.sock} and {@code stderr.sock} unix sockets, and the DEA's
 * {@code instances.json} snapshot lists them. The file is written as the DEA does, to a temp file
 * renamed into place. Thread-safe for use from one test thread at a time.
 */
public final class FakeWarden implements AutoCloseable {

  /**
   * Linux caps a unix socket path at 107 bytes. Containers go under {@code root} when the longest
   * socket path there fits, else under a short directory in {@code /tmp} (a deep build directory,
   * as on CI, would otherwise make every bind fail).
   */
  static final int MAX_SOCKET_PATH_BYTES = 107;
  private static final int LONGEST_SOCKET_SUFFIX_BYTES =
      "/containers/c2147483647/jobs/2147483647/stderr.sock".length();

  private final Path root;
  private final Path containers;
  private final boolean ownsContainers;
  private final Path instancesFile;
  private final ObjectMapper json = new ObjectMapper();
  private final List<Instance> instances = new ArrayList<>();
  private final AtomicInteger nextJobId = new AtomicInteger(11);

  /** One running app instance with its two streams. */
  public record Instance(String appId, int index, int jobId, Path containerPath,
      WardenStream stdout, WardenStream stderr) {
  }

  public FakeWarden(Path root) {
    this.root = root;
    this.instancesFile = root.resolve("db").resolve("instances.json");
    try {
      Files.createDirectories(instancesFile.getParent());
      Files.createDirectories(root.resolve("tmp"));
      ownsContainers = root.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length
          + LONGEST_SOCKET_SUFFIX_BYTES > MAX_SOCKET_PATH_BYTES;
      containers = ownsContainers
          ? Files.createTempDirectory(Path.of("/tmp"), "kw-").resolve("containers")
          : root.resolve("containers");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + root, e);
    }
  }

  /** Directory holding the containers (under root, or a short /tmp dir when root is deep). */
  public Path containersDir() {
    return containers;
  }

  /** Path of the DEA snapshot the agent watches. */
  public Path instancesFile() {
    return instancesFile;
  }

  /** Starts an instance (its sockets listen) and rewrites instances.json to list it. */
  public synchronized Instance start(String appId, int index) {
    int jobId = nextJobId.getAndIncrement();
    Path container = containers.resolve("c" + jobId);
    Path jobDir = container.resolve("jobs").resolve(Integer.toString(jobId));
    try {
      Files.createDirectories(jobDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + jobDir, e);
    }
    Instance instance = new Instance(appId, index, jobId, container,
        new WardenStream(jobDir.resolve("stdout.sock")),
        new WardenStream(jobDir.resolve("stderr.sock")));
    instances.add(instance);
    writeSnapshot();
    return instance;
  }

  /** Removes an instance from instances.json and closes its sockets. */
  public synchronized void stop(Instance instance) {
    instances.remove(instance);
    writeSnapshot();
    instance.stdout().close();
    instance.stderr().close();
  }

  /** Writes the current snapshot: temp file under {@code tmp/}, then an atomic rename. */
  public synchronized void writeSnapshot() {
    ObjectNode doc = json.createObjectNode();
    doc.put("time", System.currentTimeMillis() / 1000.0);
    ArrayNode list = doc.putArray("instances");
    for (Instance i : instances) {
      ObjectNode node = list.addObject();
      node.put("application_id", i.appId());
      node.put("state", "RUNNING");
      node.put("warden_job_id", i.jobId());
      node.put("instance_index", i.index());
      node.put("warden_container_path", i.containerPath().toString());
      node.put("warden_host_ip", "10.254.0.2");
      node.put("instance_host_port", 61000 + i.jobId());
      node.put("instance_container_port", 8080);
      node.put("instance_id", String.format(Locale.ROOT, "%032x", i.jobId()));
      node.putArray("syslog_drain_urls");
    }
    doc.putArray("staging_tasks");
    try {
      Path temp = Files.createTempFile(root.resolve("tmp"), "instances", ".json");
      json.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), doc);
      Files.move(temp, instancesFile, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + instancesFile, e);
    }
  }

  @Override
  public synchronized void close() {
    for (Instance i : instances) {
      i.stdout().close();
      i.stderr().close();
    }
    instances.clear();
    if (ownsContainers) {
      TempDirs.deleteRecursively(containers.getParent());
    }
  }
}
