package io.kloggregator.drain;

import io.kloggregator.testkit.LocalStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link LocalStack} parameter to one stack shared by every IT class of the run
 * (started on first use, closed when JUnit closes its root store), so the suite pays for one
 * broker start. Tests isolate themselves with fresh consumer groups started at the topic end.
 */
final class SharedStack implements ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SharedStack.class);

  /** Closes the stack with the root store. */
  private record Holder(LocalStack stack) implements AutoCloseable {
    @Override
    public void close() {
      stack.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return c.getRoot().getStore(NS).getOrComputeIfAbsent("stack",
        k -> new Holder(LocalStack.start(LocalStack.Options.forTests())), Holder.class).stack();
  }
}
