package io.kloggregator.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.proto.LogMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFilterTest {

  private static final LogMessage OUT_0 = line(LogMessage.MessageType.OUT, "0", "App",
      "GET /health 200");
  private static final LogMessage ERR_1 = line(LogMessage.MessageType.ERR, "1", "App",
      "java.lang.IllegalStateException: boom");
  private static final LogMessage RTR = line(LogMessage.MessageType.OUT, "0", "RTR",
      "example.com - GET /Health 200");

  @Test
  void noParameterMatchesEverything() {
    LogFilter all = LogFilter.parse(Map.<String, String>of()::get);

    assertThat(all.isAll()).isTrue();
    assertThat(all.params()).isEmpty();
    assertThat(all.matches(OUT_0) && all.matches(ERR_1) && all.matches(RTR)).isTrue();
  }

  @Test
  void streamInstanceAndSource() {
    assertThat(filter(Map.of("type", "err")).matches(ERR_1)).isTrue();
    assertThat(filter(Map.of("type", "ERR")).matches(OUT_0)).isFalse();
    assertThat(filter(Map.of("instance", "1")).matches(ERR_1)).isTrue();
    assertThat(filter(Map.of("instance", "1")).matches(OUT_0)).isFalse();
    assertThat(filter(Map.of("source", "rtr")).matches(RTR)).isTrue();
    assertThat(filter(Map.of("source", "rtr")).matches(OUT_0)).isFalse();
  }

  @Test
  void containsIsCaseSensitiveUnlessIgnoreCase() {
    assertThat(filter(Map.of("contains", "/health")).matches(RTR)).isFalse();
    assertThat(filter(Map.of("contains", "/health", "ignore_case", "true")).matches(RTR))
        .isTrue();
    // A substring is literal, not a pattern.
    assertThat(filter(Map.of("contains", "a.b")).matches(line(LogMessage.MessageType.OUT, "0",
        "App", "axb"))).isFalse();
  }

  @Test
  void regexIsFoundAnywhereAndNegateInverts() {
    LogFilter exceptions = filter(Map.of("regex", "\\w+Exception:"));
    assertThat(exceptions.matches(ERR_1)).isTrue();
    assertThat(exceptions.matches(OUT_0)).isFalse();

    LogFilter notHealth = filter(Map.of("regex", "^.*HEALTH", "ignore_case", "true",
        "negate", "true"));
    assertThat(notHealth.matches(OUT_0)).isFalse();
    assertThat(notHealth.matches(RTR)).isFalse();
    assertThat(notHealth.matches(ERR_1)).isTrue();
  }

  @Test
  void negateAppliesToTheTextOnlyNotTheStream() {
    LogFilter errWithoutBoom = filter(Map.of("type", "ERR", "contains", "boom",
        "negate", "true"));

    assertThat(errWithoutBoom.matches(ERR_1)).isFalse();
    assertThat(errWithoutBoom.matches(OUT_0)).isFalse();
    assertThat(errWithoutBoom.matches(line(LogMessage.MessageType.ERR, "0", "App", "warn")))
        .isTrue();
  }

  @Test
  void paramsAreTheGivenOnesInACanonicalOrder() {
    LogFilter filter = filter(Map.of("negate", "true", "regex", "x", "type", "out"));

    assertThat(filter.params()).containsExactly(Map.entry("type", "out"),
        Map.entry("regex", "x"), Map.entry("negate", "true"));
  }

  @Test
  void badValuesAreRefusedByName() {
    assertRefused(Map.of("type", "warn"), "type must be OUT or ERR, was 'warn'");
    assertRefused(Map.of("instance", "x"), "instance must be an instance index");
    assertRefused(Map.of("regex", "(unclosed"), "regex is not a valid pattern");
    assertRefused(Map.of("regex", "x".repeat(513)), "regex must be at most 512 characters");
    assertRefused(Map.of("contains", ""), "contains must not be empty");
    assertRefused(Map.of("contains", "a", "regex", "b"), "give contains or regex, not both");
    assertRefused(Map.of("negate", "true"), "ignore_case and negate apply to contains or regex");
    assertRefused(Map.of("regex", "a", "negate", "yes"), "negate must be true or false");
  }

  private static void assertRefused(Map<String, String> params, String message) {
    assertThatThrownBy(() -> filter(params)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private static LogFilter filter(Map<String, String> params) {
    return LogFilter.parse(params::get);
  }

  private static LogMessage line(LogMessage.MessageType type, String instance, String source,
      String text) {
    return LogMessage.newBuilder().setMessage(ByteString.copyFromUtf8(text)).setMessageType(type)
        .setTimestamp(1).setAppId("app").setSourceId(instance).setSourceName(source).build();
  }
}
