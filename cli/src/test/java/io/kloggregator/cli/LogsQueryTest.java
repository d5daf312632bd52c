package io.kloggregator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogsQueryTest {

  @Test
  void filtersBecomeTheGatewaysParametersPercentEncoded() {
    LogsQuery query = new LogsQuery("my app", "err", "2", "RTR", "a&b c+d");

    assertThat(query.recentPath(50)).isEqualTo("/recent?app=my%20app&format=json"
        + "&type=ERR&instance=2&source=RTR&contains=a%26b%20c%2Bd&n=50");
    assertThat(query.tailPath(0, null)).isEqualTo(
        "/tail/?app=my%20app&format=json&type=ERR&instance=2&source=RTR&contains=a%26b%20c%2Bd");
  }

  @Test
  void regexIgnoreCaseAndNegateAreAskedForByName() {
    LogsQuery query = new LogsQuery("a", null, null, null, null, "Ex|Err", true, true);

    assertThat(query.recentPath(20)).isEqualTo("/recent?app=a&format=json"
        + "&regex=Ex%7CErr&ignore_case=true&negate=true&n=20");
  }

  @Test
  void tailAsksForRecentLinesOrResumesAtACursorNeverBoth() {
    LogsQuery query = new LogsQuery("a", null, null, null, null);

    assertThat(query.tailPath(100, null)).isEqualTo("/tail/?app=a&format=json&recent=100");
    assertThat(query.tailPath(100, "3:17")).isEqualTo("/tail/?app=a&format=json&cursor=3%3A17");
    assertThat(query.recentPath(0)).isEqualTo("/recent?app=a&format=json");
  }

  @Test
  void rejectsBadFiltersNamingTheOption() {
    assertThatThrownBy(() -> new LogsQuery("a", "both", null, null, null))
        .hasMessageContaining("--stream must be out or err");
    assertThatThrownBy(() -> new LogsQuery("a", null, "web", null, null))
        .hasMessageContaining("--instance must be an instance index");
    assertThatThrownBy(() -> new LogsQuery("a", null, null, null, ""))
        .hasMessageContaining("--grep must not be empty");
    assertThatThrownBy(() -> new LogsQuery(" ", null, null, null, null))
        .hasMessageContaining("APP");
  }
}
