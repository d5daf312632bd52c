package io.kloggregator.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/kloggregator.json against the meters the components declare: every
 * {@code kloggregator_*} series a panel queries is the Prometheus name of a meter registered in
 * some component's main code ({@code "kloggregator.x.y"} becomes {@code kloggregator_x_y}, with
 * {@code _total} for counters and {@code _seconds_bucket} for latency histograms), so renaming a
 * meter breaks this test rather than a panel. What a scrape looks like is checked by each
 * component's IT (StreamsRouterIT, GatewayDumpIT) and by operations' MetersTest.
 */
class DashboardMetricsTest {

  private static final Pattern METER = Pattern.compile("\"(kloggregator\\.[a-z_.]+[a-z_])\"");
  private static final Pattern SERIES = Pattern.compile("\\bkloggregator_[a-z_]+");
  private static final Set<String> MODULES = Set.of("agent", "ingest-bridge", "streams-router",
      "gateway", "drain-forwarder");

  private static Set<String> declaredSeries() throws IOException {
    Set<String> series = new TreeSet<>();
    for (String module : MODULES) {
      Path main = ComposeFile.repositoryRoot().resolve(module).resolve("src/main/java");
      try (Stream<Path> files = Files.walk(main)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
          Matcher meter = METER.matcher(read(f));
          while (meter.find()) {
            String name = meter.group(1).replace('.', '_');
            series.add(name);
            series.add(name + "_total");
            series.add(name + "_seconds_bucket");
          }
        });
      }
    }
    return series;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everySeriesTheDashboardQueriesIsAMeterAComponentRegisters() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(ComposeFile.repositoryRoot()
        .resolve("deploy/grafana/kloggregator.json").toFile());
    Set<String> queried = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        Matcher series = SERIES.matcher(target.get("expr").asText());
        while (series.find()) {
          queried.add(series.group());
        }
      }
    }

    assertThat(queried).hasSizeGreaterThan(10);
    assertThat(declaredSeries()).containsAll(queried);
  }

  @Test
  void everyPanelHasATitleAndAtLeastOneQuery() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(ComposeFile.repositoryRoot()
        .resolve("deploy/grafana/kloggregator.json").toFile());

    assertThat(dashboard.get("panels")).allSatisfy(panel -> {
      assertThat(panel.get("title").asText()).isNotBlank();
      assertThat(panel.get("targets")).isNotEmpty();
    });
  }
}
