package io.kloggregator.bridge;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether Kafka answers, asked every interval with a cluster description, so {@code /health}
 * turns DOWN when Kafka is gone even while no line is waiting for it (an idle bridge would not
 * notice otherwise). Its own timer thread; the admin client is closed with it.
 */
final class KafkaReachability implements AutoCloseable {

  private final Admin admin;
  private final LongSupplier nanoClock;
  private final Duration interval;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bridge-kafka-probe");
    t.setDaemon(true);
    return t;
  });
  private volatile long lastAnswerNanos;
  private volatile String lastError = "";

  KafkaReachability(Admin admin, LongSupplier nanoClock, Duration interval) {
    this.admin = admin;
    this.nanoClock = nanoClock;
    this.interval = interval;
    this.lastAnswerNanos = nanoClock.getAsLong();
  }

  void start() {
    timer.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks once; runs on the timer thread (package-private for tests). */
  void probe() {
    try {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) interval.toMillis()))
          .nodes().get(interval.toMillis() * 2, TimeUnit.MILLISECONDS);
      lastAnswerNanos = nanoClock.getAsLong();
      lastError = "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
  }

  /** How long Kafka has not answered a probe; 0 right after an answer. */
  Duration silentFor() {
    return Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - lastAnswerNanos));
  }

  /** The last probe's failure, or empty once a probe succeeded. */
  String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
