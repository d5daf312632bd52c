package io.kloggregator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

  private final List<byte[]> lines = new ArrayList<>();
  private final List<Boolean> cuts = new ArrayList<>();

  private LineSplitter splitter(int max) {
    return new LineSplitter(max, (bytes, offset, length, cut) -> {
      lines.add(Arrays.copyOfRange(bytes, offset, offset + length));
      cuts.add(cut);
    });
  }

  private List<String> texts() {
    return lines.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void splitsOnLineFeedAndDropsCarriageReturnBeforeIt() {
    LineSplitter s = splitter(1024);

    s.feed(utf8("one\ntwo\r\nthree\n"), 0, 15);

    assertThat(texts()).containsExactly("one", "two", "three");
  }

  @Test
  void joinsALineSplitAcrossReads() {
    LineSplitter s = splitter(1024);

    s.feed(utf8("hel"), 0, 3);
    s.feed(utf8("lo wo"), 0, 5);
    s.feed(utf8("rld\r"), 0, 4);
    s.feed(utf8("\nnext\n"), 0, 6);

    assertThat(texts()).containsExactly("hello world", "next");
  }

  @Test
  void skipsEmptyLines() {
    LineSplitter s = splitter(1024);

    s.feed(utf8("\n\r\na\n\n"), 0, 6);

    assertThat(texts()).containsExactly("a");
  }

  @Test
  void keepsThePartialLastLineUntilFlushed() {
    LineSplitter s = splitter(1024);
    s.feed(utf8("done\npart"), 0, 9);
    assertThat(texts()).containsExactly("done");

    s.flush();

    assertThat(texts()).containsExactly("done", "part");
  }

  @Test
  void passesInvalidUtf8BytesThroughUnchanged() {
    LineSplitter s = splitter(1024);
    byte[] input = {(byte) 0xff, (byte) 0xfe, 'a', (byte) 0xc3, '\n'};

    s.feed(input, 0, input.length);

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).containsExactly(0xff, 0xfe, 'a', 0xc3);
  }

  @Test
  void cutsALineLongerThanTheMaximumMarksItAndDiscardsTheRest() {
    LineSplitter s = splitter(100);
    byte[] longLine = new byte[250];
    Arrays.fill(longLine, (byte) 'x');

    s.feed(longLine, 0, 120);
    s.feed(longLine, 120, 130);
    s.feed(utf8("\nafter\n"), 0, 7);

    assertThat(texts()).containsExactly("x".repeat(91) + "TRUNCATED", "after");
    assertThat(cuts).containsExactly(true, false);
  }

  @Test
  void cutsALongLineThatArrivesInOneRead() {
    LineSplitter s = splitter(100);
    byte[] input = utf8("y".repeat(300) + "\nok\n");

    s.feed(input, 0, input.length);

    assertThat(texts()).containsExactly("y".repeat(91) + "TRUNCATED", "ok");
  }

  @Test
  void keepsALineOfExactlyTheMaximum() {
    LineSplitter s = splitter(100);
    byte[] input = utf8("z".repeat(100) + "\n");

    s.feed(input, 0, input.length);

    assertThat(texts()).containsExactly("z".repeat(100));
    assertThat(cuts).containsExactly(false);
  }

  @Test
  void neverCutsInsideAUtf8Sequence() {
    LineSplitter s = splitter(100);
    // 'a' then 3-byte euro signs: byte 91 falls inside one.
    byte[] input = utf8("a" + "\u20ac".repeat(60) + "\n");

    s.feed(input, 0, input.length);

    assertThat(texts()).containsExactly("a" + "\u20ac".repeat(30) + "TRUNCATED");
  }

  @Test
  void aLongLineDoesNotDisturbTheLinesAfterIt() {
    LineSplitter s = splitter(100_000);
    byte[] big = utf8("b".repeat(50_000));
    s.feed(big, 0, 20_000);
    s.feed(big, 20_000, 30_000);

    s.feed(utf8("\nsmall\nrest"), 0, 11);
    s.flush();

    assertThat(texts()).containsExactly("b".repeat(50_000), "small", "rest");
  }

  @Test
  void flushAfterACutEmitsNothingMore() {
    LineSplitter s = splitter(100);
    byte[] input = utf8("w".repeat(200));

    s.feed(input, 0, input.length);
    s.flush();

    assertThat(lines).hasSize(1);
  }
}
