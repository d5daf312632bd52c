package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class LogCacheQueryTest {

  private static LogCacheQuery parse(String query) {
    return LogCacheQuery.parse("app", Requests.params("/api/v1/read/app?" + query));
  }

  private static void refused(ThrowingCallable call, int code, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(LogCacheError.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }

  @Test
  void defaultsAreLogCachesOwn() {
    LogCacheQuery query = LogCacheQuery.parse("app", MultiMap.caseInsensitiveMultiMap());

    assertThat(query.startNanos()).isZero();
    assertThat(query.endNanos(42L)).isEqualTo(42L);
    assertThat(query.limit()).isEqualTo(100);
    assertThat(query.descending()).isFalse();
    assertThat(query.logs()).isTrue();
  }

  @Test
  void cfCliRecentReadWithGoZeroTimeParses() {
    LogCacheQuery query = parse("start_time=-6795364578871345152&envelope_types=LOG"
        + "&limit=1000&descending=true");

    assertThat(query.startNanos()).isEqualTo(-6795364578871345152L);
    assertThat(query.limit()).isEqualTo(1000);
    assertThat(query.descending()).isTrue();
    assertThat(query.logs()).isTrue();
  }

  @Test
  void endTimeIsKeptAndZeroMeansNow() {
    assertThat(parse("end_time=5").endNanos(99L)).isEqualTo(5L);
    assertThat(parse("end_time=0").endNanos(99L)).isEqualTo(99L);
  }

  @Test
  void onlyLogAndAnyTypesAskForLogs() {
    assertThat(parse("envelope_types=GAUGE&envelope_types=COUNTER").logs()).isFalse();
    assertThat(parse("envelope_types=GAUGE&envelope_types=LOG").logs()).isTrue();
    assertThat(parse("envelope_types=GAUGE,LOG").logs()).isTrue();
    assertThat(parse("envelope_types=ANY").logs()).isTrue();
    assertThat(parse("envelope_types=1").logs()).isTrue();
    assertThat(parse("envelope_types=5").logs()).isFalse();
  }

  @Test
  void aNameFilterExcludesLogsAndMustCompile() {
    assertThat(parse("name_filter=cpu.*").logs()).isFalse();
    refused(() -> parse("name_filter=(unclosed"), 2,
        "name filter must be a valid regular expression: Unclosed group");
  }

  @Test
  void nonNumericTimesAreRefusedInGoWords() {
    refused(() -> parse("start_time=abc"), 3,
        "parsing field \"start_time\": strconv.ParseInt: parsing \"abc\": invalid syntax");
    refused(() -> parse("end_time=99999999999999999999"), 3,
        "parsing field \"end_time\": strconv.ParseInt: parsing \"99999999999999999999\": "
            + "value out of range");
    refused(() -> parse("limit=ten"), 3,
        "parsing field \"limit\": strconv.ParseInt: parsing \"ten\": invalid syntax");
    refused(() -> parse("descending=yes"), 3,
        "parsing field \"descending\": strconv.ParseBool: parsing \"yes\": invalid syntax");
  }

  @Test
  void limitOverOneThousandOrNegativeIsWhatTheReaderRefuses() {
    refused(() -> parse("limit=1001"), 2, "limit (1001) must be 1000 or less");
    refused(() -> parse("limit=-1"), 2, "limit (-1) must be greater than zero");
    assertThat(parse("limit=0").limit()).isEqualTo(100);
    assertThat(parse("limit=1000").limit()).isEqualTo(1000);
  }

  @Test
  void startAfterEndIsRefused() {
    refused(() -> parse("start_time=10&end_time=5"), 2,
        "StartTime (10) must be before EndTime (5)");
  }

  @Test
  void badEnvelopeTypeUnknownParameterAndRepeatedScalarAreInvalid() {
    refused(() -> parse("envelope_types=LOGS"), 3,
        "parsing list \"envelope_types\": \"LOGS\" is not a valid value");
    refused(() -> parse("app=x"), 3, "unknown query parameter \"app\"");
    refused(() -> parse("limit=1&limit=2"), 3, "too many values for field \"limit\": 1, 2");
  }

  @Test
  void errorBodyIsTheGrpcGatewayStatusJson() {
    LogCacheError error = LogCacheError.invalid("parsing \"x\"");

    assertThat(new String(error.json(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"code\":3,\"message\":\"parsing \\\"x\\\"\",\"details\":[]}");
    assertThat(error.httpStatus()).isEqualTo(400);
    assertThat(LogCacheError.refused("limit").httpStatus()).isEqualTo(500);
  }
}
