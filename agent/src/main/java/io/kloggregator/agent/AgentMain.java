package io.kloggregator.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the agent with its configuration from the environment (see the module README). */
public final class AgentMain {

  private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);

  private AgentMain() {
  }

  public static void main(String[] args) {
    Agent agent;
    try {
      agent = new Agent(AgentConfig.fromEnv(System.getenv()));
      agent.start();
    } catch (RuntimeException e) {
      LOG.error("agent failed to start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
  }
}
