package io.kloggregator.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class LogPartitionsTest {

  private final LogPartitions twelve = new LogPartitions(12);

  @Test
  void agreesWithTheJavaProducersDefaultPartitioner() {
    IntStream.range(0, 500).mapToObj(i -> "app-" + i + "-\u00e9").forEach(app ->
        assertThat(twelve.partitionOf(app)).isEqualTo(BuiltInPartitioner.partitionForKey(
            app.getBytes(StandardCharsets.UTF_8), 12)));
    assertThat(new LogPartitions(1).partitionOf("anything")).isZero();
  }

  @Test
  void aRecordPlacedByCrc32IsMisplacedForSomeKeys() {
    int misplaced = 0;
    for (int i = 0; i < 100; i++) {
      byte[] key = ("app-" + i).getBytes(StandardCharsets.UTF_8);
      CRC32 crc = new CRC32();
      crc.update(key);
      int librdkafkaDefault = (int) (crc.getValue() % 12);
      if (twelve.isMisplaced(key, librdkafkaDefault)) {
        misplaced++;
      }
      assertThat(twelve.isMisplaced(key, twelve.partitionOf(key))).isFalse();
    }
    assertThat(misplaced).isGreaterThan(50);
  }

  @Test
  void aRelocatedCopyIsTakenWhereItIs() {
    byte[] key = "app-1".getBytes(StandardCharsets.UTF_8);
    int elsewhere = (twelve.partitionOf(key) + 1) % 12;
    RecordHeaders relocated = new RecordHeaders();
    relocated.add(Topics.HEADER_RELOCATED_FROM, "3:17".getBytes(StandardCharsets.UTF_8));

    assertThat(twelve.isMisplaced(key, elsewhere, new RecordHeaders())).isTrue();
    assertThat(twelve.isMisplaced("app-1", elsewhere, new RecordHeaders())).isTrue();
    assertThat(twelve.isMisplaced(key, elsewhere, relocated)).isFalse();
    assertThat(twelve.isMisplaced("app-1", elsewhere, relocated)).isFalse();
  }

  @Test
  void aRecordWithoutKeyIsNeverMisplaced() {
    assertThat(twelve.isMisplaced((byte[]) null, 3)).isFalse();
    assertThat(twelve.isMisplaced((String) null, 3, new RecordHeaders())).isFalse();
  }

  @Test
  void refusesAPartitionCountBelowOne() {
    assertThatThrownBy(() -> new LogPartitions(0))
        .hasMessage("partitionCount must be >= 1, was 0");
  }
}
