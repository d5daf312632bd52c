package io.kloggregator.agent;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the DEA's {@code instances.json} with the JDK WatchService on its directory, so that
 * in-place writes, atomic renames onto it, deletion and re-creation are all seen. It reads the
 * file once at start and after every change, and hands each good snapshot's instances to its
 * consumer; a deleted file hands on an empty list. A file that does not parse is reported once
 * per change (path and position) and the consumer is not called, so current readers keep
 * running. If the directory is missing, it retries every second. Runs on its own daemon thread.
 */
final class InstancesWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InstancesWatcher.class);
  private static final long RETRY_SECONDS = 1;
  private static final long SETTLE_MILLIS = 50;

  private final Path file;
  private final Path dir;
  private final InstancesFile parser = new InstancesFile();
  private final Consumer<List<AppInstance>> consumer;
  private final AgentMetrics metrics;
  private final WatchService watchService;
  private final Thread thread;
  private volatile boolean closed;
  private volatile String lastError = "";

  InstancesWatcher(Path file, Consumer<List<AppInstance>> consumer, AgentMetrics metrics) {
    this.file = file.toAbsolutePath();
    this.dir = this.file.getParent();
    this.consumer = consumer;
    this.metrics = metrics;
    try {
      this.watchService = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a file watch service", e);
    }
    this.thread = new Thread(this::run, "instances-watcher");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** True while the watching thread runs. */
  boolean isRunning() {
    return thread.isAlive();
  }

  /** The last parse or read error, empty when the last read succeeded. */
  String lastError() {
    return lastError;
  }

  private void run() {
    boolean warnedMissingDir = false;
    try {
      while (!closed) {
        WatchKey key = register();
        if (key == null) {
          if (!warnedMissingDir) {
            LOG.warn("cannot watch {} (directory missing?); retrying every {} s", dir,
                RETRY_SECONDS);
            warnedMissingDir = true;
            consumer.accept(List.of());
          }
          watchService.poll(RETRY_SECONDS, TimeUnit.SECONDS);
          continue;
        }
        warnedMissingDir = false;
        LOG.info("watching {}", file);
        reload();
        watch(key);
      }
    } catch (ClosedWatchServiceException e) {
      LOG.debug("watch service closed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private WatchKey register() {
    try {
      return dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Handles events until the directory goes away. Events closer than {@link #SETTLE_MILLIS} to
   * each other are taken as one change, so that an in-place write (truncate, then write) is
   * read once, complete.
   */
  private void watch(WatchKey key) throws InterruptedException {
    while (!closed) {
      WatchKey ready = watchService.take();
      boolean changed = false;
      while (ready != null) {
        changed |= concernsFile(ready);
        if (!ready.reset()) {
          LOG.warn("{} is gone; stopping all readers until it is back", dir);
          consumer.accept(List.of());
          return;
        }
        ready = watchService.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
      }
      if (changed) {
        reload();
      }
    }
  }

  private boolean concernsFile(WatchKey ready) {
    boolean changed = false;
    for (WatchEvent<?> event : ready.pollEvents()) {
      Object name = event.context();
      changed |= event.kind() == StandardWatchEventKinds.OVERFLOW
          || (name instanceof Path p && p.equals(file.getFileName()));
    }
    return changed;
  }

  private void reload() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      LOG.info("{} does not exist; no instances to read", file);
      lastError = "";
      consumer.accept(List.of());
      return;
    } catch (IOException e) {
      fail("cannot read " + file + ": " + e);
      return;
    }
    try {
      InstancesFile.Snapshot snapshot = parser.parse(content, file);
      if (snapshot.skipped() > 0) {
        LOG.warn("{}: skipped {} entries without a usable application_id, warden_job_id or "
            + "instance_index", file, snapshot.skipped());
      }
      lastError = "";
      consumer.accept(snapshot.instances());
    } catch (InstancesFile.InvalidException e) {
      fail(e.getMessage() + "; keeping the current readers until the next change");
    } catch (RuntimeException e) {
      fail("cannot use " + file + ": " + e + "; keeping the current readers until the next change");
    }
  }

  private void fail(String message) {
    metrics.fileErrors.increment();
    lastError = message;
    LOG.error(message);
  }

  @Override
  public void close() {
    closed = true;
    try {
      watchService.close();
    } catch (IOException e) {
      LOG.debug("closing the watch service failed", e);
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
