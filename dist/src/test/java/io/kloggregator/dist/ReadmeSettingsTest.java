package io.kloggregator.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.ops.config.SettingsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each component README's settings table is the rendering of its declarations, so the README
 * cannot drift from what the component reads. With {@code -Dsettings.write=true} it rewrites the
 * tables instead (the failure message gives the whole command).
 */
class ReadmeSettingsTest {

  static List<ComponentSettings> components() {
    return ComponentSettings.ALL;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("components")
  void readmeSettingsTableListsTheDeclaredSettings(ComponentSettings component)
      throws IOException {
    Path readme = ComposeFile.repositoryRoot().resolve(component.module()).resolve("README.md");
    String text = Files.readString(readme);
    String expected = SettingsTable.rewrite(text, component.settings());

    if (Boolean.getBoolean(SettingsTable.WRITE_PROPERTY)) {
      Files.writeString(readme, expected);
      text = Files.readString(readme);
    }

    assertThat(text).as(SettingsTable.staleReadme(component.module())).isEqualTo(expected);
  }
}
