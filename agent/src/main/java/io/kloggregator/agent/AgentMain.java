package io.kloggregator.agent;

import io.kloggregator.ops.ExitCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the agent with its configuration from the environment (see the module README). */
public final class AgentMain {

  private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);

  private AgentMain() {
  }

  public static void main(String[] args) {
    AgentConfig config = ExitCodes.configOrExit(() -> AgentConfig.fromEnv(System.getenv()), LOG);
    Agent agent;
    try {
      agent = new Agent(config);
      agent.start();
    } catch (RuntimeException e) {
      LOG.error("agent failed to start: {}", e.getMessage(), e);
      System.exit(ExitCodes.START_FAILED);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
  }
}
