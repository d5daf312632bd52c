package io.kloggregator.gateway;

import io.kloggregator.testkit.LocalStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every IT class of this module the same {@link LocalStack}, started on first use and
 * closed by JUnit when the whole run ends (the root store closes AutoCloseable values): starting
 * a broker costs 5-12 s on a busy machine. Test classes use their own app ids, so they do not meet.
 */
final class SharedStack implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(
        LocalStack.class, k -> LocalStack.start(LocalStack.Options.forTests()), LocalStack.class);
  }
}
