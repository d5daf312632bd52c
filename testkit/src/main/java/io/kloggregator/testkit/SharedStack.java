package io.kloggregator.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link LocalStack} (KRaft broker + etcd) for every integration test class of the run, given
 * to any test, constructor or {@code @BeforeAll} method that takes a {@code LocalStack} parameter
 * ({@code @ExtendWith(SharedStack.class)}): started by the first class that asks, closed by JUnit
 * when it closes its root store at the end of the run. Starting a broker costs 5-12 s on a busy
 * machine; test classes use their own app ids or fresh consumer groups, so they do not meet.
 */
public final class SharedStack implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(
        SharedStack.class, key -> new Holder(LocalStack.start(LocalStack.Options.forTests())),
        Holder.class).stack();
  }

  /** Closes the stack with the root store. */
  private record Holder(LocalStack stack) implements AutoCloseable {
    @Override
    public void close() {
      stack.close();
    }
  }
}
