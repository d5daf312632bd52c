package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpsRequestBodyTest {

  private static final ForwarderConfig.Policy PUBLIC = ForwarderConfig.Policy.publicOnly();
  private static final String HEAD = "1 2025-11-25T02:35:00.000000+00:00 loggregator app-1 [App/0]"
      + " - - ";

  @Test
  void httpsPostsOneRfc5424MessageEndingWithItsNewline() {
    ArrayDeque<PendingLine> queue = queue("first", "second");

    HttpsRequestBody request = HttpsRequestBody.take(queue, target("https://u:pw@h.example.com"),
        512 * 1024);

    assertThat(text(request)).isEqualTo("<14>" + HEAD + "first\n");
    assertThat(request.lines()).hasSize(1);
    assertThat(queue).hasSize(1);
    assertThat(request.headers()).containsExactly(Map.entry("Content-Type", "text/plain"),
        Map.entry("Authorization", "Basic dTpwdw=="));
  }

  @Test
  void theOriginalsBodyIsOctetCounted() {
    HttpsRequestBody request = HttpsRequestBody.take(queue("grüße"),
        target("https://h.example.com?framing=octet"), 512 * 1024);

    String message = "<14>" + HEAD + "grüße\n";
    assertThat(text(request)).isEqualTo(
        message.getBytes(StandardCharsets.UTF_8).length + " " + message);
    assertThat(request.headers()).containsExactly(Map.entry("Content-Type", "text/plain"));
  }

  @Test
  void aBatchIsNewlineTerminatedMessagesUpToTheSizeBound() {
    ArrayDeque<PendingLine> queue = queue("a", "b", "c");
    int two = ("<14>" + HEAD + "a\n").length() * 2;

    HttpsRequestBody first = HttpsRequestBody.take(queue, target("https-batch://h.example.com"),
        two);
    HttpsRequestBody rest = HttpsRequestBody.take(queue, target("https-batch://h.example.com"),
        two);

    assertThat(text(first)).isEqualTo("<14>" + HEAD + "a\n<14>" + HEAD + "b\n");
    assertThat(text(rest)).isEqualTo("<14>" + HEAD + "c\n");
    assertThat(queue).isEmpty();
  }

  @Test
  void aMessageLargerThanTheBoundStillGoesAlone() {
    ArrayDeque<PendingLine> queue = queue("x".repeat(3000), "y");

    HttpsRequestBody request = HttpsRequestBody.take(queue, target("https-batch://h.example.com"),
        1024);

    assertThat(request.lines()).hasSize(1);
    assertThat(text(request)).endsWith("x\n");
  }

  @Test
  void logplexFramesCarryCountFrameIdAndDrainToken() {
    HttpsTarget logplex = target("https-batch://h.example.com?framing=logplex&drain-token=d.42");

    HttpsRequestBody request = HttpsRequestBody.take(queue("a", "b"), logplex, 512 * 1024);
    HttpsRequestBody again = HttpsRequestBody.take(queue("a", "b"), logplex, 512 * 1024);
    HttpsRequestBody other = HttpsRequestBody.take(queue("a", "c"), logplex, 512 * 1024);

    String a = "<14>" + HEAD + "a\n";
    String b = "<14>" + HEAD + "b\n";
    assertThat(text(request)).isEqualTo(a.length() + " " + a + b.length() + " " + b);
    assertThat(request.headers()).containsOnlyKeys("Content-Type", "Logplex-Msg-Count",
        "Logplex-Frame-Id", "Logplex-Drain-Token");
    assertThat(request.headers()).contains(Map.entry("Content-Type", "application/logplex-1"),
        Map.entry("Logplex-Msg-Count", "2"), Map.entry("Logplex-Drain-Token", "d.42"));
    assertThat(request.headers().get("Logplex-Frame-Id")).matches("[0-9a-f]{32}")
        .isEqualTo(again.headers().get("Logplex-Frame-Id"))
        .isNotEqualTo(other.headers().get("Logplex-Frame-Id"));
  }

  @Test
  void theSizeEstimateSaysWhenAQueueWouldFillABatch() {
    assertThat(HttpsRequestBody.reaches(queue("a", "b"), 1024)).isFalse();
    assertThat(HttpsRequestBody.reaches(queue("x".repeat(1000)), 1024)).isTrue();
  }

  private static HttpsTarget target(String url) {
    return DrainUrl.parse(url, PUBLIC).https().orElseThrow();
  }

  private static ArrayDeque<PendingLine> queue(String... texts) {
    ArrayDeque<PendingLine> queue = new ArrayDeque<>();
    CommitTracker.Partition partition = new CommitTracker.Partition();
    DrainProgress progress = new DrainProgress("d", -1);
    long offset = 0;
    for (String t : List.of(texts)) {
      queue.add(new PendingLine(partition, progress, offset++, DrainFixtures.line("app-1", t,
          LogMessage.MessageType.OUT, DrainFixtures.BASE_TS), false));
    }
    return queue;
  }

  private static String text(HttpsRequestBody request) {
    return request.body().toString(StandardCharsets.UTF_8);
  }
}
