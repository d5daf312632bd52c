package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.ops.config.SettingsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RouterReadmeTest {

  @Test
  void readmeSettingsTableListsTheDeclaredSettings() throws IOException {
    Path readme = Path.of("README.md");
    String text = Files.readString(readme);
    String expected = SettingsTable.rewrite(text, RouterConfig.SETTINGS);

    if (Boolean.getBoolean(SettingsTable.WRITE_PROPERTY)) {
      Files.writeString(readme, expected);
      text = Files.readString(readme);
    }

    assertThat(text).as(SettingsTable.staleReadme("streams-router", "RouterReadmeTest"))
        .isEqualTo(expected);
  }
}
