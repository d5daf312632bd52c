package io.kloggregator.cli;

import io.kloggregator.testkit.LocalStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One testkit {@link LocalStack} (KRaft broker + etcd) for every integration test class of the
 * run, given to any test or {@code @BeforeAll} method that takes a {@code LocalStack} parameter:
 * started by the first class that asks, closed by JUnit when the whole run ends. Each test uses
 * its own app ids, so classes do not see each other's lines.
 */
final class SharedStack implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(SharedStack.class, key -> new Holder(), Holder.class).stack;
  }

  /** Closes the stack at the end of the run. */
  private static final class Holder implements ExtensionContext.Store.CloseableResource {

    private final LocalStack stack = LocalStack.start(LocalStack.Options.forTests());

    @Override
    public void close() {
      stack.close();
    }
  }
}
