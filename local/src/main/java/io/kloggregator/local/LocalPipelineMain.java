package io.kloggregator.local;

import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.LocalStack;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The run command: the whole pipeline on embedded defaults, with a demo app writing lines. */
public final class LocalPipelineMain {

  private static final String APP = "demo-app";

  private LocalPipelineMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    long began = System.nanoTime();
    LocalStack stack = LocalStack.start(LocalStack.Options.forLocalRun());
    LocalPipeline pipeline;
    try {
      pipeline = LocalPipeline.start(stack, LocalPipeline.Options.forLocalRun(
          FreePorts.preferOrPickUdp(3456), FreePorts.preferOrPick(8088),
          FreePorts.preferOrPick(8080), FreePorts.preferOrPick(8084)));
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    DemoApp demo = DemoApp.start(pipeline.warden(), APP);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("stopping kloggregator...");
      try (stack; pipeline; demo) {
        stopped.countDown();
      }
    }, "local-shutdown"));
    String token = pipeline.token(List.of(APP), Duration.ofDays(1));
    Duration startup = Duration.ofNanos(System.nanoTime() - began);
    Instructions.print(System.out, stack, pipeline, APP, token, startup);
    TailPreview.show(URI.create("ws://127.0.0.1:" + pipeline.gatewayPort() + "/tail/?app=" + APP
        + "&format=json"),
        token, 5, System.out);
    stopped.await();
  }
}
