package io.kloggregator.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's rsyslog as the benchmark's peer: imudp on one port, omkafka to one topic, with the same
 * producer tuning as the bridge (idempotent, acks=all, lz4, linger 20 ms, 1 MiB batches). Runs
 * rsyslogd in the foreground as a child process; {@link #close} stops it with SIGTERM.
 */
final class RsyslogPeer implements AutoCloseable {

  private final Process process;

  private RsyslogPeer(Process process) {
    this.process = process;
  }

  /** True when rsyslogd and its omkafka module are installed. */
  static boolean isInstalled() {
    return Files.isExecutable(Path.of("/usr/sbin/rsyslogd"))
        && Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/omkafka.so"));
  }

  static RsyslogPeer start(Path dir, int udpPort, String bootstrap, String topic)
      throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("work"));
    Path conf = dir.resolve("rsyslog.conf");
    Files.writeString(conf, String.join("\n",
        "global(workDirectory=\"" + dir.resolve("work") + "\" maxMessageSize=\"64k\")",
        "module(load=\"imudp\" threads=\"2\" timeRequery=\"8\" batchSize=\"128\")",
        "module(load=\"omkafka\")",
        "template(name=\"raw\" type=\"string\" string=\"%rawmsg%\")",
        "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udpPort
            + "\" ruleset=\"tokafka\" rcvbufSize=\"4m\")",
        "ruleset(name=\"tokafka\" queue.type=\"LinkedList\" queue.size=\"2000000\""
            + " queue.dequeueBatchSize=\"1024\" queue.workerThreads=\"2\") {",
        "  action(type=\"omkafka\" broker=[\"" + bootstrap + "\"] topic=\"" + topic + "\"",
        "    template=\"raw\" partitions.auto=\"on\"",
        "    confParam=[\"enable.idempotence=true\", \"compression.codec=lz4\",",
        "      \"linger.ms=20\", \"batch.size=1048576\",",
        "      \"queue.buffering.max.messages=1000000\"])",
        "}", ""));
    Path log = dir.resolve("rsyslogd.log");
    check(new ProcessBuilder("/usr/sbin/rsyslogd", "-N1", "-f", conf.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
    Process process = new ProcessBuilder("/usr/sbin/rsyslogd", "-n", "-f", conf.toString(),
        "-i", dir.resolve("rsyslogd.pid").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new RsyslogPeer(process);
  }

  private static void check(Process validate, Path log) throws IOException, InterruptedException {
    if (!validate.waitFor(30, TimeUnit.SECONDS) || validate.exitValue() != 0) {
      throw new IllegalStateException("rsyslog config invalid: " + Files.readString(log));
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  static List<String> version() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/usr/sbin/rsyslogd", "-v").redirectErrorStream(true).start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).lines().limit(1).toList();
    p.waitFor();
    return lines;
  }
}
