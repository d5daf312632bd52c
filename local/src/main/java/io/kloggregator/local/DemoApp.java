package io.kloggregator.local;

import io.kloggregator.testkit.FakeWarden;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pretend app for the local run: one instance under the fake warden that writes a request log
 * line to stdout every 500 ms and a warning to stderr every fifth line. It writes its first line
 * once the agent reads both of its streams, so that line is not lost to an unread socket.
 */
final class DemoApp implements AutoCloseable {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "demo-app");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong count = new AtomicLong();
  private final FakeWarden.Instance instance;

  private DemoApp(FakeWarden.Instance instance) {
    this.instance = instance;
  }

  /** Starts the instance, waits (up to {@code agentLimit}) for the agent to read it, writes. */
  static DemoApp start(FakeWarden warden, String appId, Duration agentLimit) {
    DemoApp app = new DemoApp(warden.start(appId, 0));
    app.instance.stdout().awaitReader(agentLimit);
    app.instance.stderr().awaitReader(agentLimit);
    app.timer.scheduleAtFixedRate(app::writeLine, 0, 500, TimeUnit.MILLISECONDS);
    return app;
  }

  private void writeLine() {
    long n = count.incrementAndGet();
    if (n % 5 == 0) {
      instance.stderr().println("WARN slow request #" + n + " took " + (200 + n % 97) + " ms");
    } else {
      instance.stdout().println(String.format(Locale.ROOT,
          "GET /items/%d 200 %d ms (demo line %d)", n % 40, 3 + n % 17, n));
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
