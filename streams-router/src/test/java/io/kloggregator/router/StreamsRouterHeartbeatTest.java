package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsRouterHeartbeatTest {

  private static Properties session(Object timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, timeout);
    return props;
  }

  @Test
  void heartbeatIsAThirdOfTheDefaultSession() {
    Properties props = StreamsRouter.withHeartbeat(
        session(StreamsRouter.DEFAULT_SESSION_TIMEOUT_MS));

    assertThat(props.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)).isEqualTo(2_000);
  }

  @Test
  void theInterpretedHeartbeatIsAnIntAsKafkaRequires() {
    Properties props = StreamsRouter.withHeartbeat(session("1500"));

    assertThat(new StreamsConfig(withRequired(props))
        .getMainConsumerConfigs("group", "client", 0)
        .get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)).isEqualTo(500);
  }

  private static Properties withRequired(Properties props) {
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
    return props;
  }

  @Test
  void aShorterSessionFromTheEnvironmentShortensTheHeartbeat() {
    Properties props = StreamsRouter.withHeartbeat(session("1500"));

    assertThat(props.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)).isEqualTo(500);
  }

  @Test
  void aHeartbeatSetByTheOperatorIsKept() {
    Properties props = session("1500");
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "300");

    assertThat(StreamsRouter.withHeartbeat(props).get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG))
        .isEqualTo("300");
  }
}
