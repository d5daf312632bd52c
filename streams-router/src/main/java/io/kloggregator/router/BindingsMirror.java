package io.kloggregator.router;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.kloggregator.ops.Backoff;
import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors etcd's drain bindings ({@code /loggregator/services/<app id>/<leaf>} → URL) into the
 * compacted bindings topic: a full sync (etcd list diffed against what the topic holds, missing
 * keys tombstoned), then a watch from the listed revision + 1. A watch error (etcd lost for good,
 * revision compacted) or a failed write leads to a new full sync with capped, jittered backoff,
 * so no change is missed. A full sync that fails is retried on a new etcd client: the old one's
 * gRPC channel backs off its reconnects (up to 2 minutes) while etcd is down, which would leave
 * the mirror blind for that long after etcd is back. All state is confined to one daemon thread.
 */
final class BindingsMirror implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BindingsMirror.class);
  private static final ByteSequence PREFIX = bytes(BindingKeys.ETCD_PREFIX);
  private static final Duration ETCD_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration FIRST_RESYNC_DELAY = Duration.ofMillis(100);
  private static final Duration MAX_RESYNC_DELAY = Duration.ofSeconds(10);

  private final Supplier<Client> connect;
  private final Producer<String, String> producer;
  private final BindingsTopicReader topicReader;
  private final MirrorMetrics metrics;
  private final RateLimitedLog skippedLog;
  private final ScheduledExecutorService thread;
  /** What the topic holds, as far as this mirror knows; null until read. Mirror thread only. */
  private Map<String, String> mirrored;
  /** Used on the mirror thread; replaced after a failed full sync (under this), closed by close. */
  private volatile Client etcd;
  private Watch.Watcher watcher;
  /** Delays between failed full syncs; reset by a successful one. Mirror thread only. */
  private final Backoff backoff = new Backoff(FIRST_RESYNC_DELAY, MAX_RESYNC_DELAY);
  private volatile boolean closed;

  /** {@code connect} makes a new etcd client; the mirror closes the ones it made. */
  BindingsMirror(Supplier<Client> connect, Producer<String, String> producer,
      BindingsTopicReader topicReader, MirrorMetrics metrics) {
    this.connect = connect;
    this.etcd = connect.get();
    this.producer = producer;
    this.topicReader = topicReader;
    this.metrics = metrics;
    this.skippedLog = new RateLimitedLog(LOG, Duration.ofSeconds(10), System::nanoTime);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bindings-mirror");
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs the first full sync and starts watching; fails if etcd or Kafka do not answer. */
  void start(Duration limit) {
    try {
      thread.submit(this::sync).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the first bindings sync", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot mirror etcd bindings: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("first bindings sync took longer than " + limit, e);
    }
  }

  /** Lists etcd, writes the difference to the topic, and watches from the listed revision. */
  private Void sync() throws Exception {
    stopWatching();
    if (mirrored == null) {
      mirrored = new HashMap<>(topicReader.read(ETCD_TIMEOUT));
    }
    GetResponse listed = etcd.getKVClient()
        .get(PREFIX, GetOption.builder().isPrefix(true).build())
        .get(ETCD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<String, String> wanted = new HashMap<>();
    for (KeyValue kv : listed.getKvs()) {
      bindingIdOf(kv).ifPresent(id -> urlOf(kv).ifPresent(url -> wanted.put(id, url)));
    }
    for (String gone : Map.copyOf(mirrored).keySet()) {
      if (!wanted.containsKey(gone)) {
        write(gone, null);
      }
    }
    wanted.forEach(this::write);
    producer.flush();
    long revision = listed.getHeader().getRevision();
    watcher = etcd.getWatchClient().watch(PREFIX,
        WatchOption.builder().isPrefix(true).withRevision(revision + 1)
            .withRequireLeader(true).build(),
        Watch.listener(this::onWatch, this::onWatchError));
    metrics.watching(true);
    metrics.bindings(mirrored.size());
    backoff.reset();
    LOG.info("bindings synced from etcd at revision {}: {} bindings; watching", revision,
        mirrored.size());
    return null;
  }

  private void onWatch(WatchResponse response) {
    thread.execute(() -> {
      for (WatchEvent event : response.getEvents()) {
        apply(event);
      }
      metrics.bindings(mirrored.size());
    });
  }

  private void apply(WatchEvent event) {
    KeyValue kv = event.getKeyValue();
    Optional<String> bindingId = bindingIdOf(kv);
    if (bindingId.isEmpty()) {
      return;
    }
    if (event.getEventType() == WatchEvent.EventType.DELETE) {
      write(bindingId.get(), null);
    } else if (event.getEventType() == WatchEvent.EventType.PUT) {
      write(bindingId.get(), urlOf(kv).orElse(null));
    }
  }

  private void onWatchError(Throwable error) {
    thread.execute(() -> {
      metrics.watching(false);
      LOG.warn("etcd watch failed ({}); re-listing bindings", error.toString());
      resyncLater();
    });
  }

  /** Writes a binding (or its removal when {@code url} is null) unless the topic has it. */
  private void write(String bindingId, String url) {
    if (url == null ? !mirrored.containsKey(bindingId) : url.equals(mirrored.get(bindingId))) {
      return;
    }
    if (url == null) {
      mirrored.remove(bindingId);
    } else {
      mirrored.put(bindingId, url);
    }
    producer.send(new ProducerRecord<>(Topics.BINDINGS, bindingId, url), (metadata, error) -> {
      if (error != null) {
        thread.execute(() -> {
          LOG.warn("cannot write binding {} to {} ({}); full resync", bindingId, Topics.BINDINGS,
              error.toString());
          mirrored = null;
          resyncLater();
        });
      }
    });
  }

  private void resyncLater() {
    if (closed) {
      return;
    }
    stopWatching();
    long delay = backoff.nextDelayMillis();
    metrics.resync();
    thread.schedule(() -> {
      try {
        sync();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          return;
        }
        LOG.warn("bindings resync failed ({}); retrying on a new etcd client", e.toString());
        reconnect();
        resyncLater();
      }
    }, delay, TimeUnit.MILLISECONDS);
  }

  private void reconnect() {
    stopWatching();
    synchronized (this) {
      etcd.close();
      if (!closed) {
        etcd = connect.get();
      }
    }
  }

  private void stopWatching() {
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
    metrics.watching(false);
  }

  private Optional<String> bindingIdOf(KeyValue kv) {
    String key = kv.getKey().toString(StandardCharsets.UTF_8);
    Optional<String> bindingId = strictUtf8(kv.getKey()).flatMap(BindingKeys::bindingIdOf);
    if (bindingId.isEmpty()) {
      skipped(MirrorMetrics.BAD_ETCD_KEY, key);
    }
    return bindingId;
  }

  /** The URL of a binding leaf, or empty (counted and logged) when it is not a drain URL. */
  private Optional<String> urlOf(KeyValue kv) {
    Optional<String> decoded = strictUtf8(kv.getValue());
    if (decoded.isEmpty()) {
      skipped(MirrorMetrics.NOT_UTF8, kv.getKey().toString(StandardCharsets.UTF_8));
      return Optional.empty();
    }
    String url = decoded.get().trim();
    Optional<String> bad = BindingKeys.checkUrl(url);
    if (bad.isPresent()) {
      skipped(bad.get(), kv.getKey().toString(StandardCharsets.UTF_8));
      return Optional.empty();
    }
    return Optional.of(url);
  }

  private void skipped(String reason, String key) {
    metrics.skipped(reason);
    skippedLog.warn("skipping etcd binding {}: {}", key, reason);
  }

  /** The text of {@code bytes}, or empty when they are not UTF-8 (no replacement characters). */
  private static Optional<String> strictUtf8(ByteSequence bytes) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .decode(ByteBuffer.wrap(bytes.getBytes())).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.submit(this::stopWatching).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("bindings mirror did not stop cleanly: {}", e.toString());
    }
    thread.shutdownNow();
    synchronized (this) {
      etcd.close();
    }
  }
}
