package io.kloggregator.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kloggregator.ops.net.IpNetwork;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  private static final Setting<Boolean> FLAG = Setting.bool("T_FLAG").orElse(false);
  private static final Setting<Integer> PORT = Setting.port("T_PORT").orElse(8080);
  private static final Setting<String> HOST = Setting.text("T_HOST");

  enum Mode { HMAC, LEGACY }

  @ParameterizedTest
  @CsvSource({"true,true", "TRUE,true", "Yes,true", "1,true", "false,false", "No,false",
      "0,false", "' false ',false"})
  void booleansAcceptTrueFalseYesNoOneZeroInAnyCase(String text, boolean expected) {
    Settings settings = Settings.of(FLAG);

    assertThat(settings.bind(Map.of("T_FLAG", text)).get(FLAG)).isEqualTo(expected);
  }

  @Test
  void anUnknownBooleanIsRefusedWithNameAndValue() {
    assertThatThrownBy(() -> Settings.of(FLAG).bind(Map.of("T_FLAG", "maybe")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("T_FLAG=maybe: must be true/false, yes/no or 1/0");
  }

  @Test
  void unsetAndBlankTakeTheDefault() {
    Settings settings = Settings.of(FLAG, PORT);

    assertThat(settings.bind(Map.of()).get(PORT)).isEqualTo(8080);
    assertThat(settings.bind(Map.of("T_PORT", "  ")).get(PORT)).isEqualTo(8080);
    assertThat(settings.bind(Map.of("T_PORT", " 81 ")).get(PORT)).isEqualTo(81);
  }

  @Test
  void aRequiredSettingUnsetOrBlankIsRefused() {
    assertThatThrownBy(() -> Settings.of(HOST).bind(Map.of()))
        .hasMessage("T_HOST=(unset): is required");
    assertThatThrownBy(() -> Settings.of(HOST).bind(Map.of("T_HOST", " ")))
        .hasMessage("T_HOST=(blank): is required");
  }

  @Test
  void aPortOutOfRangeNamesTheVariableAndTheValue() {
    assertThatThrownBy(() -> Settings.of(PORT).bind(Map.of("T_PORT", "70000")))
        .hasMessage("T_PORT=70000: must be a port 0..65535");
    assertThatThrownBy(() -> Settings.of(PORT).bind(Map.of("T_PORT", "http")))
        .hasMessage("T_PORT=http: must be an integer");
  }

  @Test
  void everyRefusedSettingIsReportedAtOnce() {
    Settings settings = Settings.of(FLAG, PORT, HOST);

    assertThatThrownBy(() -> settings.bind(Map.of("T_FLAG", "si", "T_PORT", "-1")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
            .containsExactly("T_FLAG=si: must be true/false, yes/no or 1/0",
                "T_PORT=-1: must be a port 0..65535", "T_HOST=(unset): is required"))
        .hasMessage("3 settings refused: T_FLAG=si: must be true/false, yes/no or 1/0; "
            + "T_PORT=-1: must be a port 0..65535; T_HOST=(unset): is required");
  }

  @Test
  void aRuleReplacesTheBuiltInOne() {
    Setting<Integer> tcp = Setting.port("T_TCP").orElse(-1, "`-1` (off)")
        .rule(p -> p >= -1 && p <= 65535, "must be a port 0..65535 or -1 (off)");

    assertThat(Settings.of(tcp).bind(Map.of()).get(tcp)).isEqualTo(-1);
    assertThatThrownBy(() -> Settings.of(tcp).bind(Map.of("T_TCP", "-2")))
        .hasMessage("T_TCP=-2: must be a port 0..65535 or -1 (off)");
  }

  @Test
  void eachTypeParsesItsText() {
    Setting<Long> big = Setting.longInteger("T_LONG");
    Setting<Duration> ms = Setting.millis("T_MS");
    Setting<Duration> secs = Setting.seconds("T_S");
    Setting<Long> mib = Setting.mebibytes("T_MIB");
    Setting<List<String>> list = Setting.list("T_LIST");
    Setting<Path> path = Setting.path("T_PATH");
    Setting<URI> uri = Setting.uri("T_URI");
    Setting<Instant> instant = Setting.instant("T_INSTANT");
    Setting<Mode> mode = Setting.oneOf("T_MODE", Mode.class);

    SettingValues v = Settings.of(big, ms, secs, mib, list, path, uri, instant, mode)
        .bind(Map.of("T_LONG", "5000000000", "T_MS", "250", "T_S", "7", "T_MIB", "64",
            "T_LIST", "a, b,,c ", "T_PATH", "/var/x", "T_URI", "http://h:1",
            "T_INSTANT", "2026-11-25T09:00:00Z", "T_MODE", "legacy"));

    assertThat(v.get(big)).isEqualTo(5_000_000_000L);
    assertThat(v.get(ms)).isEqualTo(Duration.ofMillis(250));
    assertThat(v.get(secs)).isEqualTo(Duration.ofSeconds(7));
    assertThat(v.get(mib)).isEqualTo(64L << 20);
    assertThat(v.get(list)).containsExactly("a", "b", "c");
    assertThat(v.get(path)).isEqualTo(Path.of("/var/x"));
    assertThat(v.get(uri)).isEqualTo(URI.create("http://h:1"));
    assertThat(v.get(instant)).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
    assertThat(v.get(mode)).isEqualTo(Mode.LEGACY);
  }

  @Test
  void eachTypeRefusesBadTextWithItsRule() {
    Settings settings = Settings.of(Setting.millis("T_MS"), Setting.mebibytes("T_MIB"),
        Setting.uri("T_URI"), Setting.instant("T_INSTANT"), Setting.oneOf("T_MODE", Mode.class),
        Setting.integer("T_INT"));

    assertThatThrownBy(() -> settings.bind(Map.of("T_MS", "1s", "T_MIB", "99999999999999",
        "T_URI", "h:1 2", "T_INSTANT", "yesterday", "T_MODE", "md5", "T_INT", "3000000000")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
            .containsExactly("T_MS=1s: must be an integer",
                "T_MIB=99999999999999: must be at most 8796093022207",
                "T_URI=h:1 2: must be a URI (Illegal character in opaque part)",
                "T_INSTANT=yesterday: must be an ISO-8601 instant such as 2026-11-25T09:00:00Z",
                "T_MODE=md5: must be one of HMAC, LEGACY",
                "T_INT=3000000000: must be an integer"));
  }

  @Test
  void aPrefixPassesKafkaKeysThrough() {
    Setting<Map<String, String>> producer = Setting.prefix("T_PRODUCER_");
    Settings settings = Settings.of(producer, PORT);

    SettingValues v = settings.bind(Map.of("T_PRODUCER_LINGER_MS", "20", "T_PRODUCER_", "x",
        "OTHER", "y"));

    assertThat(v.get(producer)).containsExactly(Map.entry("linger.ms", "20"));
    assertThat(settings.declares("T_PRODUCER_ACKS")).isTrue();
    assertThat(settings.declares("T_PRODUCER_")).isFalse();
    assertThat(settings.declares("T_PORT")).isTrue();
    assertThat(settings.declares("T_PORTS")).isFalse();
  }

  @Test
  void aSecretIsNeverShownInAnError() {
    Setting<String> secret = Setting.text("T_SECRET").secret()
        .rule(s -> s.length() >= 8, "must be at least 8 characters");

    assertThatThrownBy(() -> Settings.of(secret).bind(Map.of("T_SECRET", "hunter2")))
        .hasMessage("T_SECRET=****: must be at least 8 characters");
  }

  @Test
  void aRecordChecksAValueWithTheSameRuleAndFormat() {
    assertThatThrownBy(() -> PORT.require(70000))
        .isInstanceOf(ConfigException.class)
        .hasMessage("T_PORT=70000: must be a port 0..65535");
    assertThatThrownBy(() -> Setting.millis("T_MAX").check(false, Duration.ofMillis(5),
        "must be >= T_MIN (10)"))
        .hasMessage("T_MAX=5: must be >= T_MIN (10)");
    assertThat(PORT.require(0)).isZero();
  }

  @Test
  void aSettingOutsideTheBoundOnesIsAProgrammingError() {
    SettingValues v = Settings.of(PORT).bind(Map.of());

    assertThatThrownBy(() -> v.get(FLAG)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("T_FLAG");
  }

  @Test
  void declarationsAreCheckedWhenMade() {
    assertThatThrownBy(() -> Settings.of(PORT, Setting.port("T_PORT")))
        .hasMessage("T_PORT is declared twice");
    assertThatThrownBy(() -> Settings.of(Setting.port("T_P").orElse(70000)))
        .hasMessageContaining("T_P default 70000 must be a port");
    assertThatThrownBy(() -> Setting.text("lower")).hasMessageContaining("UPPER_SNAKE_CASE");
  }

  @Test
  void networksParseIpv4AndIpv6CidrsSeparatedByCommas() {
    Setting<List<IpNetwork>> nets = Setting.networks("T_NETS")
        .orElse(List.of(IpNetwork.parse("127.0.0.0/8")));

    assertThat(Settings.of(nets).bind(Map.of("T_NETS", " 10.0.0.0/8 , fd00::/8,127.0.0.2 "))
        .get(nets)).containsExactly(IpNetwork.parse("10.0.0.0/8"), IpNetwork.parse("fd00::/8"),
        IpNetwork.parse("127.0.0.2/32"));
    assertThat(Settings.of(nets).bind(Map.of()).get(nets))
        .containsExactly(IpNetwork.parse("127.0.0.0/8"));
    assertThat(nets.fallbackText()).isEqualTo("`127.0.0.0/8`");
  }

  @Test
  void networksSetBlankAreTheEmptyListNotTheDefault() {
    Setting<List<IpNetwork>> nets = Setting.networks("T_NETS")
        .orElse(List.of(IpNetwork.parse("127.0.0.0/8")));

    assertThat(Settings.of(nets).bind(Map.of("T_NETS", "")).get(nets)).isEmpty();
    assertThat(Settings.of(nets).bind(Map.of("T_NETS", " , ")).get(nets)).isEmpty();
  }

  @Test
  void aBadNetworkIsRefusedWithNameValueAndTheEntry() {
    Setting<List<IpNetwork>> nets = Setting.networks("T_NETS").orElse(List.of());

    assertThatThrownBy(() -> Settings.of(nets).bind(Map.of("T_NETS", "10.0.0.0/8,10.0.0.0/40")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("T_NETS=10.0.0.0/8,10.0.0.0/40: must have a prefix length 0..32 after '/' "
            + "(10.0.0.0/40)");
  }
}
