package io.kloggregator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real etcd cluster of several members (Debian's {@code etcd-server}), each on its own free
 * loopback client and peer ports and data directory below {@code dir}. A member can be
 * {@linkplain EtcdServer#kill killed} and {@linkplain EtcdServer#start started} again on its
 * data, for tests of one member lost (the cluster keeps its quorum) and of the quorum lost.
 */
public final class EtcdCluster implements AutoCloseable {

  private final Path dir;
  private final List<EtcdServer> members;

  private EtcdCluster(Path dir, List<EtcdServer> members) {
    this.dir = dir;
    this.members = members;
  }

  /** Starts {@code size} members at once and waits until every one reports healthy. */
  public static EtcdCluster start(Path dir, int size) {
    int[] clientPorts = IntStream.range(0, size).map(i -> FreePorts.pick()).toArray();
    int[] peerPorts = IntStream.range(0, size).map(i -> FreePorts.pick()).toArray();
    String initialCluster = IntStream.range(0, size)
        .mapToObj(i -> name(i) + "=" + EtcdServer.peerUrl(peerPorts[i]))
        .collect(Collectors.joining(","));
    List<EtcdServer> members = new ArrayList<>();
    EtcdCluster cluster = new EtcdCluster(dir, members);
    try {
      for (int i = 0; i < size; i++) {
        Path memberDir = createDirectories(dir.resolve(name(i)));
        EtcdServer member = new EtcdServer(memberDir, name(i), clientPorts[i], peerPorts[i],
            initialCluster);
        members.add(member);
        member.launch();
      }
      members.forEach(EtcdServer::awaitHealthy);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private static Path createDirectories(Path memberDir) {
    try {
      return Files.createDirectories(memberDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + memberDir, e);
    }
  }

  private static String name(int i) {
    return "member-" + i;
  }

  /** Member {@code i}, from 0. */
  public EtcdServer member(int i) {
    return members.get(i);
  }

  /** Every member's client URL, comma-separated (what the router's etcd setting takes). */
  public String endpoints() {
    return members.stream().map(EtcdServer::endpoint).collect(Collectors.joining(","));
  }

  @Override
  public void close() {
    members.forEach(m -> {
      try {
        m.stop();
      } catch (RuntimeException e) {
        m.kill();
      }
    });
    TempDirs.deleteRecursively(dir);
  }
}
