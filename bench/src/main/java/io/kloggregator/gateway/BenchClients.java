package io.kloggregator.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The benchmark's tail clients: many WebSockets that count frames and loss frames and record
 * emit-to-client latency from the {@code t=<nanoTime>} stamp the load puts at the start of each
 * line. Frames are read as raw buffers (no JSON parsing) so the clients stay cheap.
 */
final class BenchClients implements AutoCloseable {

  private static final byte[] STAMP = "\"text\":\"t=".getBytes();
  private static final byte[] LOSS = "\"type\":\"loss\"".getBytes();

  private final WebSocketClient client;
  private final List<WebSocket> sockets = new ArrayList<>();
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong lossFrames = new AtomicLong();
  private final AtomicLongArray lossPerSocket;
  private final long[] latencies;
  private final long[] arrivals;
  private final AtomicLong latencyCount = new AtomicLong();
  private volatile boolean recording;

  BenchClients(Vertx vertx, int socketCount, int maxLatencySamples) {
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(socketCount + 10).setConnectTimeout(60_000));
    this.lossPerSocket = new AtomicLongArray(socketCount);
    this.latencies = new long[maxLatencySamples];
    this.arrivals = new long[maxLatencySamples];
  }

  /** Opens {@code count} tails spread round-robin over {@code apps}, waiting for each batch. */
  void open(int port, List<String> apps, int count, String token) throws Exception {
    for (int start = 0; start < count; start += 100) {
      List<Future<WebSocket>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + 100); i++) {
        int index = i;
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
            .setPort(port).setURI("/tail/?format=json&app=" + apps.get(i % apps.size()))
            .addHeader("Authorization", "Bearer " + token);
        batch.add(client.connect(options).map(ws -> {
          ws.handler(buffer -> onFrame(index, buffer));
          return ws;
        }));
      }
      sockets.addAll(Future.all(batch).toCompletionStage().toCompletableFuture()
          .get(120, TimeUnit.SECONDS).list());
    }
  }

  private void onFrame(int socket, Buffer buffer) {
    long now = System.nanoTime();
    if (indexOf(buffer, LOSS) >= 0) {
      lossFrames.incrementAndGet();
      lossPerSocket.incrementAndGet(socket);
      return;
    }
    frames.incrementAndGet();
    // The stamp is read whether or not recording: turning recording on must not change this
    // JVM's work (and so, on a busy machine, the latency being measured).
    int at = indexOf(buffer, STAMP);
    if (at < 0) {
      return;
    }
    long stamp = 0;
    for (int i = at + STAMP.length; i < buffer.length(); i++) {
      byte b = buffer.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      stamp = stamp * 10 + (b - '0');
    }
    if (!recording) {
      return;
    }
    long slot = latencyCount.getAndIncrement();
    if (slot < latencies.length) {
      latencies[(int) slot] = now - stamp;
      arrivals[(int) slot] = now;
    }
  }

  private static int indexOf(Buffer buffer, byte[] pattern) {
    int limit = Math.min(buffer.length() - pattern.length, 200);
    outer:
    for (int i = 0; i <= limit; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (buffer.getByte(i + j) != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  void record(boolean on) {
    recording = on;
  }

  long frames() {
    return frames.get();
  }

  long lossFrames() {
    return lossFrames.get();
  }

  int socketsWithLoss() {
    int n = 0;
    for (int i = 0; i < lossPerSocket.length(); i++) {
      n += lossPerSocket.get(i) > 0 ? 1 : 0;
    }
    return n;
  }

  int openSockets() {
    return (int) sockets.stream().filter(ws -> !ws.isClosed()).count();
  }

  /** Latency percentile in ms over the recorded samples (p in 0..100). */
  double latencyMillis(double p) {
    int n = (int) Math.min(latencyCount.get(), latencies.length);
    if (n == 0) {
      return Double.NaN;
    }
    long[] sorted = java.util.Arrays.copyOf(latencies, n);
    java.util.Arrays.sort(sorted);
    int index = (int) Math.min(n - 1, Math.ceil(p / 100.0 * n) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  /**
   * The p-th latency percentile (ms) of each {@code window} of arrival time since the first
   * recorded sample: shows whether a tail is steady or one stall.
   */
  List<Double> latencyMillisByWindow(double p, java.time.Duration window) {
    return percentilesByWindow(latencies, arrivals,
        (int) Math.min(latencyCount.get(), latencies.length), p, window);
  }

  static List<Double> percentilesByWindow(long[] latencies, long[] arrivals, int n, double p,
      java.time.Duration window) {
    List<Double> out = new ArrayList<>();
    if (n == 0) {
      return out;
    }
    long first = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      first = Math.min(first, arrivals[i]);
    }
    java.util.Map<Long, List<Long>> byWindow = new java.util.TreeMap<>();
    for (int i = 0; i < n; i++) {
      byWindow.computeIfAbsent((arrivals[i] - first) / window.toNanos(), w -> new ArrayList<>())
          .add(latencies[i]);
    }
    for (List<Long> values : byWindow.values()) {
      long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
      int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
      out.add(sorted[Math.max(0, index)] / 1e6);
    }
    return out;
  }

  long latencySamples() {
    return Math.min(latencyCount.get(), latencies.length);
  }

  @Override
  public void close() {
    sockets.forEach(WebSocket::close);
    client.close();
  }
}
