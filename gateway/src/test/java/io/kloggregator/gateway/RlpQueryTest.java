package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RlpQueryTest {

  private static RlpQuery parse(String query) {
    return RlpQuery.parse(Requests.params("/v2/read?" + query));
  }

  private static String refusal(String query) {
    MultiMap params = Requests.params("/v2/read" + (query.isEmpty() ? "" : "?" + query));
    try {
      RlpQuery.parse(params);
      throw new AssertionError("accepted: " + query);
    } catch (RlpQuery.RefusedException e) {
      assertThat(e.refusal().status()).isEqualTo(400);
      return e.refusal().error();
    }
  }

  @Test
  void logsOfRepeatedSourceIdsWithAShard() {
    RlpQuery query = parse("source_id=a&source_id=b&log&shard_id=s");

    assertThat(query.sourceIds()).containsExactlyInAnyOrder("a", "b");
    assertThat(query.apps()).containsExactlyInAnyOrder("a", "b");
    assertThat(query.logs()).isTrue();
    assertThat(query.shardId()).isEqualTo("s");
  }

  @Test
  void noSourceIdIsEverySourceAndNoShardIsNone() {
    RlpQuery query = parse("log");

    assertThat(query.apps()).isNull();
    assertThat(query.shardId()).isNull();
  }

  @Test
  void otherEnvelopeTypesAreAcceptedButSelectNoLogs() {
    assertThat(parse("counter&gauge&timer&event").logs()).isFalse();
    assertThat(parse("counter.name=requests").logs()).isFalse();
    assertThat(parse("gauge.name=cpu,memory").logs()).isFalse();
  }

  @Test
  void refusalsAreNamedAsTheRlpNamesThem() {
    assertThat(refusal("")).isEqualTo("empty_query");
    assertThat(refusal("source_id=a")).isEqualTo("missing_envelope_type");
    assertThat(refusal("shard_id=s")).isEqualTo("missing_envelope_type");
    assertThat(refusal("counter.name=")).isEqualTo("missing_counter_name");
    assertThat(refusal("gauge.name=")).isEqualTo("missing_gauge_name");
    assertThat(refusal("log&source_id=")).isEqualTo("missing_source_id");
    assertThat(refusal("log&sourceid=a")).isEqualTo("unknown_parameter");
  }

  @Test
  void theErrorBodyIsTheRlpsJsonAsGosHttpErrorWritesIt() {
    assertThat(new String(RlpQuery.Refusal.NOT_FOUND.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"message\":\"resource not found\",\"error\":\"not_found\"}\n\n");
    assertThat(new String(new RlpQuery.Refusal(400, "e", "a \"quoted\" \\ word").body(),
        StandardCharsets.UTF_8)).isEqualTo(
        "{\"message\":\"a \\\"quoted\\\" \\\\ word\",\"error\":\"e\"}\n\n");
  }

  @Test
  void sourceIdsAreReadBeforeAnyCheckForTheTokenToBeCheckedFirst() {
    assertThat(RlpQuery.sourceIds(Requests.params("/v2/read?source_id=a&bogus")))
        .isEqualTo(Set.of("a"));
    assertThatThrownBy(() -> parse("source_id=a&bogus"))
        .isInstanceOf(RlpQuery.RefusedException.class);
  }
}
