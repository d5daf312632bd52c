package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TailQueryTest {

  static TailQuery parse(String uri) {
    return TailQuery.parse(Requests.params(uri), "recent", 0, 1000);
  }

  @Test
  void readsEveryParameter() {
    TailQuery query = parse("/tail/?app=a%20b&cursor=3:17&format=protobuf&type=err"
        + "&source=RTR&instance=2&contains=x+y");

    assertThat(query.appId()).isEqualTo("a b");
    assertThat(query.cursor()).isEqualTo(new TailQuery.Cursor(3, 17));
    assertThat(query.format()).isEqualTo(TailQuery.Format.PROTOBUF);
    assertThat(query.filter().rules().params()).containsExactly(Map.entry("type", "err"),
        Map.entry("source", "RTR"), Map.entry("instance", "2"), Map.entry("contains", "x y"));
  }

  @Test
  void regexIgnoreCaseAndNegateAreTakenWithJsonOnly() {
    TailQuery query = parse("/recent?app=a&format=json&regex=Ex%5Cw%2B&ignore_case=true"
        + "&negate=true");

    assertThat(query.filter().rules().params()).containsExactly(Map.entry("regex", "Ex\\w+"),
        Map.entry("ignore_case", "true"), Map.entry("negate", "true"));
    assertThat(parse("/recent?app=a&regex=x").format()).isEqualTo(TailQuery.Format.JSON);
    assertThatThrownBy(() -> parse("/recent?app=a&format=protobuf&regex=x"))
        .hasMessage("regex is taken with format=json only");
    assertThatThrownBy(() -> parse("/recent?app=a&regex=%28"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("regex is not a valid pattern: Unclosed group");
    assertThatThrownBy(() -> parse("/recent?app=a&type=warn"))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("type must be OUT or ERR, was 'warn'");
  }

  @Test
  void theOriginalClientsRequestDefaultsToProtobufEverythingFromNow() {
    TailQuery query = parse("/tail/?app=a");

    assertThat(query.recent()).isZero();
    assertThat(query.cursor()).isNull();
    assertThat(query.format()).isEqualTo(TailQuery.Format.PROTOBUF);
    assertThat(query.original()).isTrue();
    assertThat(query.filter()).isEqualTo(LineFilter.ALL);
    assertThat(parse("/tail/?app=a&authorization=bearer%20t").original()).isTrue();
  }

  @Test
  void kloggregatorsOwnParametersOrAnAcceptHeaderDefaultToJson() {
    for (String uri : List.of("/tail/?app=a&format=json", "/tail/?app=a&recent=3",
        "/tail/?app=a&cursor=0:1", "/tail/?app=a&type=out", "/tail/?app=a&contains=x")) {
      TailQuery query = parse(uri);
      assertThat(query.format()).as(uri).isEqualTo(TailQuery.Format.JSON);
      assertThat(query.original()).as(uri).isFalse();
    }
    TailQuery explicit = parse("/tail/?app=a&format=protobuf");
    assertThat(explicit.format()).isEqualTo(TailQuery.Format.PROTOBUF);
    assertThat(explicit.original()).isFalse();
    MultiMap app = MultiMap.caseInsensitiveMultiMap().add("app", "a");
    assertThat(TailQuery.parse(app, "*/*", "n", 1, 10).format())
        .isEqualTo(TailQuery.Format.JSON);
    assertThat(TailQuery.parse(app, "multipart/x-protobuf", "n", 1, 10).original()).isTrue();
  }

  @Test
  void rejectsWithMessagesNamingTheProblem() {
    assertThatThrownBy(() -> parse("/tail/")).hasMessageContaining("Invalid AppId");
    assertThatThrownBy(() -> parse("/tail/?app=a&recent=1001"))
        .hasMessage("recent must be an integer in 0..1000, was '1001'");
    assertThatThrownBy(() -> parse("/tail/?app=a&cursor=-1:4"))
        .hasMessage("cursor must be <partition>:<offset> with both >= 0, was '-1:4'");
    assertThatThrownBy(() -> parse("/tail/?app=a&type=info"))
        .hasMessage("type must be OUT or ERR, was 'info'");
    assertThatThrownBy(() -> parse("/tail/?app=a&format=xml"))
        .hasMessage("format must be json or protobuf, was 'xml'");
    assertThatThrownBy(() -> parse("/tail/?app=a&bogus=1"))
        .hasMessageStartingWith("unknown parameter 'bogus'");
    assertThatThrownBy(() -> parse("/tail/?app=a&recent=3&cursor=0:1"))
        .hasMessage("give either cursor or recent, not both");
  }

  @Test
  void dumpReadsNWithItsDefault() {
    TailQuery query = TailQuery.parse(MultiMap.caseInsensitiveMultiMap().add("app", "a"), "n",
        100, 1000);

    assertThat(query.recent()).isEqualTo(100);
  }
}
