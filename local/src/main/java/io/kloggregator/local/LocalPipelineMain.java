package io.kloggregator.local;

import io.kloggregator.testkit.LocalStack;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The run command: the whole pipeline on embedded defaults, with a demo app writing lines. Ctrl-C
 * reaches this JVM only (Kafka and etcd run in sessions of their own), and its shutdown hook
 * stops everything in order.
 */
public final class LocalPipelineMain {

  private static final int PREVIEW_FRAMES = 5;

  private LocalPipelineMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    long began = System.nanoTime();
    LocalRun run = LocalRun.start(LocalStack.Options.forLocalRun(),
        LocalPipeline.Options.forLocalRun(), System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      long stopping = System.nanoTime();
      System.out.println("stopping kloggregator ...");
      try {
        run.close();
      } finally {
        System.out.printf("stopped in %.1f s%n", (System.nanoTime() - stopping) / 1e9);
        stopped.countDown();
      }
    }, "local-shutdown"));
    Instructions.print(System.out, run, Duration.ofNanos(System.nanoTime() - began));
    TailPreview.show(run.demoTail(), run.demoToken(), PREVIEW_FRAMES, System.out);
    stopped.await();
  }
}
