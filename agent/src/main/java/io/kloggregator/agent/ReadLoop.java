package io.kloggregator.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader thread: a junixsocket selector over the non-blocking unix socket channels of the
 * {@link StreamReader}s assigned to it, plus a task queue through which every change to those
 * readers arrives. All reader state is confined to this thread, so the hot path takes no lock.
 *
 * <p>Why a selector and not a thread per socket: an agent beside a busy DEA may read thousands of
 * sockets (two per instance) that are mostly idle; a handful of selector threads (default 2, one
 * per core here) read them all, and a line costs no thread hand-off until the emit queue.
 */
final class ReadLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReadLoop.class);
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  // Loop-confined: one read buffer shared by every reader of this loop.
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
  private volatile boolean closed;

  ReadLoop(String name) {
    try {
      selector = AFUNIXSelectorProvider.provider().openSelector();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a unix socket selector", e);
    }
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  Selector selector() {
    return selector;
  }

  ByteBuffer readBuffer() {
    return readBuffer;
  }

  /** Runs {@code task} on this loop's thread, soon. */
  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  private void run() {
    while (!closed) {
      try {
        selector.select(1000);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          ((StreamReader) key.attachment()).onReady(key);
        }
        runTasks();
      } catch (ClosedSelectorException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.error("reader loop {} failed an iteration; continuing", thread.getName(), e);
      }
    }
    runTasks();
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("reader task failed on {}", thread.getName(), e);
      }
    }
  }

  /** Stops the thread after the tasks already queued (closing readers) have run. */
  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.debug("closing the selector failed", e);
    }
  }
}
