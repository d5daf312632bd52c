package io.kloggregator.agent;

import io.kloggregator.schemas.proto.LogMessage.MessageType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner of the set of running readers (an actor): every snapshot of instances.json
 * is applied on its one thread, as a difference to what runs. New instances get a stdout and a
 * stderr {@link StreamReader}, vanished ones are stopped, and unchanged ones are left alone with
 * their open connections. Readers are spread round-robin over the {@link ReadLoop}s.
 */
final class ReaderSet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReaderSet.class);

  /** Builds the readers of one instance; called on the actor thread. */
  interface ReaderFactory {
    StreamReader create(AppInstance instance, MessageType type, ReadLoop loop);
  }

  private final List<ReadLoop> loops;
  private final ReaderFactory factory;
  private final AgentMetrics metrics;
  private final ExecutorService actor;
  // Actor-confined.
  private final Map<AppInstance, StreamReader[]> running = new HashMap<>();
  private int nextLoop;

  ReaderSet(List<ReadLoop> loops, ReaderFactory factory, AgentMetrics metrics) {
    this.loops = List.copyOf(loops);
    this.factory = factory;
    this.metrics = metrics;
    this.actor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "agent-readers");
      t.setDaemon(true);
      return t;
    });
  }

  /** Makes the running readers match {@code instances}; returns at once. */
  void update(List<AppInstance> instances) {
    actor.execute(() -> apply(instances));
  }

  private void apply(List<AppInstance> instances) {
    Set<AppInstance> wanted = new HashSet<>(instances);
    int removed = 0;
    var it = running.entrySet().iterator();
    while (it.hasNext()) {
      var entry = it.next();
      if (!wanted.contains(entry.getKey())) {
        for (StreamReader reader : entry.getValue()) {
          reader.loop().execute(reader::stop);
        }
        it.remove();
        removed++;
      }
    }
    int added = 0;
    for (AppInstance instance : wanted) {
      if (!running.containsKey(instance)) {
        ReadLoop loop = loops.get(nextLoop++ % loops.size());
        StreamReader out = factory.create(instance, MessageType.OUT, loop);
        StreamReader err = factory.create(instance, MessageType.ERR, loop);
        running.put(instance, new StreamReader[] {out, err});
        loop.execute(out::open);
        loop.execute(err::open);
        added++;
      }
    }
    metrics.instances.set(running.size());
    if (added > 0 || removed > 0) {
      LOG.info("instances: {} read ({} new, {} gone)", running.size(), added, removed);
    }
  }

  /** Stops every reader and the actor thread. */
  @Override
  public void close() {
    actor.execute(() -> apply(List.of()));
    actor.shutdown();
    try {
      if (!actor.awaitTermination(5, TimeUnit.SECONDS)) {
        actor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
