package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

  @Test
  void deliveryGuaranteesAreIdempotentAllAcksAndNoDeadline() {
    Map<String, Object> settings = ProducerSettings.of(BridgeConfig.of("k:9092", "s", 0));

    assertThat(settings).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
        .containsEntry("delivery.timeout.ms", Integer.toString(Integer.MAX_VALUE))
        .containsEntry("bootstrap.servers", "k:9092").containsEntry("compression.type", "lz4");
  }

  @Test
  void overridesApplyOverTheDefaults() {
    Map<String, Object> settings = ProducerSettings.of(BridgeConfig.of("k:9092", "s", 0)
        .withProducer(Map.of("linger.ms", "50", "compression.type", "zstd")));

    assertThat(settings).containsEntry("linger.ms", "50").containsEntry("compression.type", "zstd");
  }

  @Test
  void inflightBoundIsThreeQuartersOfTheProducerBuffer() {
    Map<String, Object> settings = ProducerSettings.of(BridgeConfig.of("k:9092", "s", 0)
        .withProducer(Map.of("buffer.memory", "8388608")));

    assertThat(ProducerSettings.inflightLimit(settings)).isEqualTo(6291456);
  }

  @Test
  void batchLargerThanAnEighthOfTheBufferIsABadConfiguration() {
    assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:9092",
        "KLOGGREGATOR_SHARED_SECRET", "s",
        "KLOGGREGATOR_BRIDGE_PRODUCER_BUFFER_MEMORY", "1048576")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KLOGGREGATOR_BRIDGE_PRODUCER_BATCH_SIZE=1048576: must be at most "
            + "buffer.memory / 8 = 131072");
  }

  @Test
  void aProducerNumberThatIsNotOneIsABadConfiguration() {
    assertThatThrownBy(() -> BridgeConfig.of("k:9092", "s", 0)
        .withProducer(Map.of("batch.size", "big")))
        .hasMessage("KLOGGREGATOR_BRIDGE_PRODUCER_BATCH_SIZE=big: must be a number");
  }
}
