package io.kloggregator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A real etcd server (Debian's {@code etcd-server} package) on free loopback client and peer
 * ports. {@link #stop}/{@link #kill} then {@link #start} restart it on the same data and ports,
 * for tests of watchers that must survive etcd outages. Not thread-safe.
 */
public final class EtcdServer implements AutoCloseable {

  private static final Duration READY_LIMIT = Duration.ofSeconds(30);
  private static final int BIND_ATTEMPTS = 5;
  private static final List<String> CANDIDATES = List.of("/usr/bin/etcd", "/usr/local/bin/etcd");

  private final Path dir;
  private final int clientPort;
  private final ChildProcess process;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(1)).build();

  private EtcdServer(Path dir, int clientPort, int peerPort) {
    this(dir, "kloggregator", clientPort, peerPort,
        "kloggregator=" + peerUrl(peerPort));
  }

  /** A member {@code name} of the cluster {@code initialCluster} ({@link EtcdCluster}). */
  EtcdServer(Path dir, String name, int clientPort, int peerPort, String initialCluster) {
    this.dir = dir;
    this.clientPort = clientPort;
    String client = "http://127.0.0.1:" + clientPort;
    String peer = peerUrl(peerPort);
    this.process = new ChildProcess("etcd", List.of(binary(),
        "--name", name, "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", initialCluster, "--initial-cluster-token", "kloggregator-test",
        "--log-level", "warn"),
        dir.resolve("etcd.log"));
  }

  static String peerUrl(int peerPort) {
    return "http://127.0.0.1:" + peerPort;
  }

  /**
   * Starts etcd with its data under {@code dir} and waits until it reports healthy: on
   * {@code preferredClientPort} when that is free, else (or when it is 0) on any free port.
   * etcd must be told its ports; when another socket took one before etcd bound it (etcd exits
   * with "address already in use"), etcd is started again on newly picked ports
   * ({@link PortBinding}).
   */
  public static EtcdServer start(Path dir, int preferredClientPort) {
    return start(dir, preferredClientPort, FreePorts::pick);
  }

  /** {@link #start(Path, int)} with the picker of free ports given, for a test of the retry. */
  static EtcdServer start(Path dir, int preferredClientPort, IntSupplier freePort) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    AtomicInteger attempts = new AtomicInteger();
    return PortBinding.bind(preferredClientPort, freePort, BIND_ATTEMPTS, clientPort -> {
      if (attempts.getAndIncrement() > 0) {
        TempDirs.deleteRecursively(dir.resolve("data"));
      }
      EtcdServer etcd = new EtcdServer(dir, clientPort, freePort.getAsInt());
      etcd.start();
      return etcd;
    });
  }

  /** The etcd binary: {@code $ETCD_BIN}, else the Debian package's path. */
  static String binary() {
    String fromEnv = System.getenv("ETCD_BIN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    return CANDIDATES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "etcd not found: run scripts/install-deps (it installs Debian's etcd-server)"));
  }

  /** (Re)starts the server on the same data and ports, and waits for health. */
  public void start() {
    launch();
    awaitHealthy();
  }

  /** Starts the process without waiting: a cluster's members only get healthy together. */
  void launch() {
    process.start();
  }

  /** Waits until this member reports healthy (it has a leader). */
  void awaitHealthy() {
    Deadline.await("etcd on port " + clientPort, READY_LIMIT, this::isHealthy,
        process::checkAlive);
  }

  /** {@code http://127.0.0.1:port}, the client URL for jetcd and etcdctl. */
  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  /** SIGTERM and wait. */
  public void stop() {
    process.stop(Duration.ofSeconds(10));
  }

  /** SIGKILL, as a crash. */
  public void kill() {
    process.kill();
  }

  @Override
  public void close() {
    stop();
    TempDirs.deleteRecursively(dir);
  }

  private boolean isHealthy() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
          URI.create(endpoint() + "/health")).timeout(Duration.ofSeconds(1)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("true");
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
