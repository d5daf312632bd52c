package io.kloggregator.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsTableTest {

  private static final Settings SETTINGS = Settings.of(
      Setting.text("T_BOOTSTRAP").doc("Kafka bootstrap servers"),
      Setting.port("T_PORT").orElse(0).doc("ops port; 0 = any | free"),
      Setting.millis("T_PING_MS").orElse(Duration.ofSeconds(15)).doc("ping interval"),
      Setting.prefix("T_KAFKA_").doc("extra Kafka settings"));

  @Test
  void rendersOneRowPerSettingWithDefaultOrRequired() {
    assertThat(SettingsTable.markdown(SETTINGS)).isEqualTo(
        "| Variable | Default | Accepts | Meaning |\n"
            + "|---|---|---|---|\n"
            + "| `T_BOOTSTRAP` | required | text | Kafka bootstrap servers |\n"
            + "| `T_PORT` | `0` | integer (must be a port 0..65535) "
            + "| ops port; 0 = any \\| free |\n"
            + "| `T_PING_MS` | `15000` | milliseconds | ping interval |\n"
            + "| `T_KAFKA_<KEY>` | none | Kafka keys | extra Kafka settings |\n");
  }

  @Test
  void rewriteReplacesOnlyTheMarkedSection() {
    String readme = "# m\n\nintro\n" + SettingsTable.BEGIN + "\nold table\n" + SettingsTable.END
        + "\n\nafter\n";

    String rewritten = SettingsTable.rewrite(readme, SETTINGS);

    assertThat(rewritten).isEqualTo("# m\n\nintro\n" + SettingsTable.BEGIN + "\n"
        + SettingsTable.markdown(SETTINGS) + SettingsTable.END + "\n\nafter\n");
    assertThat(SettingsTable.rewrite(rewritten, SETTINGS)).isEqualTo(rewritten);
  }

  @Test
  void aReadmeWithoutMarkersIsRefused() {
    assertThatThrownBy(() -> SettingsTable.rewrite("# m\n", SETTINGS))
        .hasMessageContaining(SettingsTable.BEGIN);
  }
}
