package io.kloggregator.agent;

import io.kloggregator.ops.Backoff;
import io.kloggregator.ops.RateLimitedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one app stream (stdout or stderr) from warden's unix socket, non-blocking on its
 * {@link ReadLoop}, and hands the bytes to a {@link LineSplitter}. On end of stream the partial
 * last line is flushed; on end or error it reconnects with jittered backoff until it is
 * {@link #stop stopped}, which happens when the instance is no longer listed. Stopping drains
 * what the socket already holds before closing it. Every method runs on the loop's thread.
 */
final class StreamReader {

  private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);
  // Reads per readiness event before giving other sockets of the loop their turn.
  private static final int READS_PER_TURN = 16;
  // Reads when stopping: what the app wrote before it was delisted, 4 MiB at most.
  private static final int DRAIN_TURNS = 64;

  private final Path socket;
  private final ReadLoop loop;
  private final LineSplitter splitter;
  private final ScheduledExecutorService timer;
  // Failed dials and ends since data last arrived: a socket that accepts and closes at once
  // keeps backing off.
  private final Backoff backoff;
  private final AgentMetrics metrics;
  private final RateLimitedLog lostLog;

  private AFUNIXSocketChannel channel;
  private SelectionKey key;
  private boolean connected;
  private boolean stopped;
  // Bytes of the last read: -1 end, 0 nothing available.
  private int lastRead;
  private ScheduledFuture<?> retry;

  /**
   * What every reader shares: the reconnect timer, a maker of each reader's own backoff, meters
   * and a rate-limited log.
   */
  record Shared(ScheduledExecutorService timer, Supplier<Backoff> backoffs, AgentMetrics metrics,
      RateLimitedLog lostLog) {
  }

  StreamReader(Path socket, ReadLoop loop, LineSplitter splitter, Shared shared) {
    this.socket = socket;
    this.loop = loop;
    this.splitter = splitter;
    this.timer = shared.timer();
    this.backoff = shared.backoffs().get();
    this.metrics = shared.metrics();
    this.lostLog = shared.lostLog();
  }

  ReadLoop loop() {
    return loop;
  }

  /** Dials the socket; on failure retries later. */
  void open() {
    if (stopped || channel != null) {
      return;
    }
    AFUNIXSocketChannel ch = null;
    try {
      ch = AFUNIXSocketChannel.open();
      ch.configureBlocking(false);
      boolean done = ch.connect(AFUNIXSocketAddress.of(socket.toFile()));
      channel = ch;
      key = ch.register(loop.selector(), done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT,
          this);
      if (done) {
        connected();
      }
    } catch (IOException | RuntimeException e) {
      if (channel == null && ch != null) {
        closeQuietly(ch);
      }
      lost(e);
    }
  }

  /**
   * Called by the loop when the channel is ready. junixsocket's selector cancels the key of a
   * socket that hung up, so the ready flags are not trusted: a connected channel is read until it
   * has nothing more, and if its key is no longer valid, until its end.
   */
  void onReady(SelectionKey ready) {
    try {
      if (!connected) {
        if (!channel.finishConnect()) {
          return;
        }
        ready.interestOps(SelectionKey.OP_READ);
        connected();
      }
      if (readAvailable(READS_PER_TURN) && !ready.isValid()) {
        while (readAvailable(READS_PER_TURN)) {
          if (lastRead == 0) {
            lost(new IOException("selector dropped the socket without an end of stream"));
            return;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      lost(e);
    }
  }

  /** Reads what is available, at most {@code turns} buffers; returns false at end of stream. */
  private boolean readAvailable(int turns) throws IOException {
    ByteBuffer buffer = loop.readBuffer();
    for (int i = 0; i < turns; i++) {
      buffer.clear();
      int n = channel.read(buffer);
      lastRead = n;
      if (n < 0) {
        ended();
        return false;
      }
      if (n == 0) {
        return true;
      }
      backoff.reset();
      splitter.feed(buffer.array(), buffer.arrayOffset(), n);
    }
    return true;
  }

  /** Stops for good: drains what the socket holds, flushes the partial line, closes. */
  void stop() {
    stopped = true;
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
    if (connected) {
      try {
        readAvailable(DRAIN_TURNS);
      } catch (IOException e) {
        LOG.debug("draining {} on stop failed", socket, e);
      }
    }
    splitter.flush();
    closeChannel();
  }

  private void connected() {
    connected = true;
    metrics.readersOpen.incrementAndGet();
    LOG.debug("reading {}", socket);
  }

  private void ended() {
    lost("ended");
  }

  private void lost(Exception e) {
    lost(e.toString());
  }

  /** Flushes, closes and, unless stopped, redials later; logs when an open stream was lost. */
  private void lost(String why) {
    boolean wasConnected = connected;
    splitter.flush();
    closeChannel();
    if (stopped) {
      return;
    }
    long delay = backoff.nextDelayMillis();
    if (wasConnected) {
      lostLog.warn("{} {}; reconnecting in {} ms", socket, why, delay);
    } else {
      LOG.debug("{} cannot be dialled ({}); retrying in {} ms", socket, why, delay);
    }
    try {
      retry = timer.schedule(() -> loop.execute(this::reconnect), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      stopped = true;
    }
  }

  private void reconnect() {
    retry = null;
    if (!stopped) {
      metrics.reconnects.increment();
      open();
    }
  }

  private void closeChannel() {
    if (key != null) {
      key.cancel();
      key = null;
    }
    if (channel != null) {
      closeQuietly(channel);
      channel = null;
    }
    if (connected) {
      connected = false;
      metrics.readersOpen.decrementAndGet();
    }
  }

  private static void closeQuietly(AFUNIXSocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      LOG.debug("closing a socket channel failed", e);
    }
  }
}
