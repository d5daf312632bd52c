package io.kloggregator.local;

import io.kloggregator.testkit.LocalStack;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole pipeline on a fresh {@link LocalStack} for one test class: started before its first
 * test, closed (pipeline, then stack) after its last. Register it as a static
 * {@code @RegisterExtension} field.
 */
final class PipelineExtension implements BeforeAllCallback, AfterAllCallback {

  private final LocalPipeline.Options options = LocalPipeline.Options.forTests();
  private LocalStack stack;
  private LocalPipeline pipeline;

  @Override
  public void beforeAll(ExtensionContext context) {
    stack = LocalStack.start(LocalStack.Options.forTests());
    pipeline = LocalPipeline.start(stack, options);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try (LocalStack s = stack) {
      if (pipeline != null) {
        pipeline.close();
      }
    }
  }

  LocalStack stack() {
    return stack;
  }

  LocalPipeline pipeline() {
    return pipeline;
  }

  /** The pipeline's ports and secrets (the token secret is this class's own, random). */
  LocalPipeline.Options options() {
    return options;
  }
}
