package io.kloggregator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.ops.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AgentMainIT {

  @Test
  void badConfigurationExitsNonZeroWithOneLineNamingTheSetting() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), AgentMain.class.getName())
        .redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("KLOGGREGATOR_"));
    builder.environment().put("KLOGGREGATOR_SHARED_SECRET", "s");
    builder.environment().put("KLOGGREGATOR_AGENT_OPS_PORT", "99999");

    Process process = builder.start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(ExitCodes.BAD_CONFIG);
    assertThat(output(process)).contains(
        "bad configuration: KLOGGREGATOR_AGENT_OPS_PORT=99999: must be a port 0..65535");
  }

  private static String output(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
