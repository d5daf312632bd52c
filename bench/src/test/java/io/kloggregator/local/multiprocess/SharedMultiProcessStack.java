package io.kloggregator.local.multiprocess;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every IT class that asks for a {@link MultiProcessStack} parameter the same one, started
 * on first use and closed by JUnit when the run ends (the root store closes AutoCloseable values):
 * nine JVMs take most of a minute to start on a busy machine. Each hand-over first
 * {@link MultiProcessStack#repair repairs} what an earlier class killed; classes use their own app
 * ids, so they do not meet.
 */
public final class SharedMultiProcessStack implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == MultiProcessStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    MultiProcessStack stack = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(MultiProcessStack.class, k -> MultiProcessStack.start(),
            MultiProcessStack.class);
    stack.repair();
    return stack;
  }
}
