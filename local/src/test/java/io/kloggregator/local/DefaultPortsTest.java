package io.kloggregator.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.bridge.BridgeConfig;
import io.kloggregator.drain.ForwarderConfig;
import io.kloggregator.gateway.GatewayConfig;
import io.kloggregator.router.RouterConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Components that may share a host never default to the same port. */
class DefaultPortsTest {

  @Test
  void noTwoComponentsDefaultToOnePort() {
    List<Integer> defaults = List.of(BridgeConfig.DEFAULT_UDP_PORT, BridgeConfig.DEFAULT_OPS_PORT,
        RouterConfig.DEFAULT_HTTP_PORT, GatewayConfig.DEFAULT_HTTP_PORT,
        ForwarderConfig.DEFAULT_OPS_PORT);

    assertThat(defaults).doesNotHaveDuplicates();
  }
}
