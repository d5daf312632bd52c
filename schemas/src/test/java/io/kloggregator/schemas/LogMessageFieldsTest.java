package io.kloggregator.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.proto.LogMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogMessageFieldsTest {

  private static final HexFormat HEX = HexFormat.of();
  private final LogMessage line = GoldenBytesTest.goldenMessage();
  private final byte[] bytes = line.toByteArray();

  @Test
  void readsTheRequiredFieldsOfAWholeMessage() {
    LogMessageFields fields = scan(bytes);

    assertThat(fields.isComplete()).isTrue();
    assertThat(fields.appId()).isEqualTo(line.getAppId());
    assertThat(fields.timestamp()).isEqualTo(line.getTimestamp());
    assertThat(text(bytes, fields)).isEqualTo(line.getMessage().toByteArray());
  }

  @Test
  void readsAMessageInTheMiddleOfABuffer() {
    byte[] buffer = new byte[bytes.length + 20];
    System.arraycopy(bytes, 0, buffer, 9, bytes.length);

    LogMessageFields fields = LogMessageFields.scan(buffer, 9, bytes.length);

    assertThat(fields.appId()).isEqualTo(line.getAppId());
    assertThat(text(buffer, fields)).isEqualTo(line.getMessage().toByteArray());
  }

  @Test
  void skipsUnknownFieldsOfEveryWireType() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    cos.writeUInt64(20, Long.MAX_VALUE);
    cos.writeFixed64(21, 7);
    cos.writeFixed32(22, 7);
    cos.writeByteArray(23, new byte[] {1, 2, 3});
    cos.writeTag(24, 3);
    cos.writeString(1, "inside a group, not the text");
    cos.writeTag(24, 4);
    cos.flush();
    byte[] withUnknown = concat(out.toByteArray(), bytes);

    LogMessageFields fields = scan(withUnknown);

    assertThat(fields.isComplete()).isTrue();
    assertThat(fields.appId()).isEqualTo(line.getAppId());
    assertThat(text(withUnknown, fields)).isEqualTo(line.getMessage().toByteArray());
  }

  @Test
  void theLastOccurrenceOfAFieldWins() {
    byte[] again = concat(bytes, LogMessage.newBuilder().setMessage(ByteString.copyFromUtf8("b"))
        .setMessageType(LogMessage.MessageType.OUT).setTimestamp(5).setAppId("other").build()
        .toByteArray());

    LogMessageFields fields = scan(again);

    assertThat(fields.appId()).isEqualTo("other");
    assertThat(fields.timestamp()).isEqualTo(5);
    assertThat(text(again, fields)).isEqualTo(new byte[] {'b'});
  }

  @Test
  void aRequiredFieldWithTheWrongWireTypeIsUnknownSoTheMessageIsIncomplete() {
    // field 4 (app id) as a varint, field 2 (type) as length-delimited
    assertThat(scan(concat(textTypeTime(), HEX.parseHex("2001"))).hasAppId()).isFalse();
    byte[] typeAsBytes = concat(HEX.parseHex("0a01781201021801"), appId());

    assertThat(scan(typeAsBytes).isComplete()).isFalse();
  }

  @Test
  void anEnumValueTheSchemaDoesNotKnowLeavesTheTypeUnset() {
    byte[] unknownType = concat(HEX.parseHex("0a01781007" + "1801"), appId());

    assertThat(scan(unknownType).isComplete()).isFalse();
  }

  @Test
  void eachMissingRequiredFieldMakesTheMessageIncomplete() {
    for (int field = 1; field <= 4; field++) {
      LogMessage.Builder partial = line.toBuilder();
      partial.clearField(LogMessage.getDescriptor().findFieldByNumber(field));

      assertThat(scan(partial.buildPartial().toByteArray()).isComplete()).as("field %d", field)
          .isFalse();
    }
  }

  @Test
  void malformedVarintsAreRefusedNotThrown() {
    String elevenBytes = "ffffffffffffffffffff01";
    assertThat(LogMessageFields.scan(HEX.parseHex(elevenBytes), 0, 11)).as("tag").isNull();
    assertThat(scan(HEX.parseHex("18" + elevenBytes))).as("timestamp").isNull();
    assertThat(scan(HEX.parseHex("0a" + elevenBytes))).as("length").isNull();
    assertThat(scan(HEX.parseHex("0aff"))).as("truncated length").isNull();
    assertThat(scan(HEX.parseHex("18ffff"))).as("truncated timestamp").isNull();
    assertThat(scan(HEX.parseHex("0affffffff0f78"))).as("negative length").isNull();
    assertThat(scan(HEX.parseHex("0a0578"))).as("length past the end").isNull();
  }

  @Test
  void badWireTypesAndUnbalancedGroupsAreRefused() {
    assertThat(scan(HEX.parseHex("0e00"))).as("wire type 6").isNull();
    assertThat(scan(HEX.parseHex("0f00"))).as("wire type 7").isNull();
    assertThat(scan(HEX.parseHex("a401"))).as("end group at the top").isNull();
    assertThat(scan(HEX.parseHex("a301"))).as("group never ended").isNull();
    assertThat(scan(HEX.parseHex("a301ac01"))).as("group ended by another field").isNull();
  }

  @Test
  void deeplyNestedGroupsAreRefusedWithoutOverflowingTheStack() {
    byte[] nested = new byte[60_000];
    for (int i = 0; i < nested.length; i += 2) {
      nested[i] = (byte) 0xa3;
      nested[i + 1] = 0x01;
    }

    assertThat(scan(nested)).isNull();
  }

  @Test
  void agreesWithTheGeneratedParserOnEveryTruncation() {
    for (int cut = 0; cut <= bytes.length; cut++) {
      assertAgreesWithParser(Arrays.copyOf(bytes, cut));
    }
  }

  @Test
  void agreesWithTheGeneratedParserOnFlippedBitsAndGarbage() {
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      byte[] mutated = Arrays.copyOf(bytes, bytes.length);
      mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
      assertAgreesWithParser(mutated);
      byte[] garbage = new byte[random.nextInt(64)];
      random.nextBytes(garbage);
      assertAgreesWithParser(garbage);
    }
  }

  private static void assertAgreesWithParser(byte[] input) {
    LogMessageFields fields = scan(input);
    LogMessage parsed;
    try {
      parsed = LogMessage.parser().parsePartialFrom(input);
    } catch (InvalidProtocolBufferException e) {
      assertThat(fields).as("%s: %s", HEX.formatHex(input), e.getMessage()).isNull();
      return;
    }
    String at = HEX.formatHex(input);
    assertThat(fields).as(at).isNotNull();
    assertThat(fields.isComplete()).as(at).isEqualTo(parsed.isInitialized());
    assertThat(fields.hasAppId()).as(at).isEqualTo(parsed.hasAppId());
    if (parsed.hasAppId()) {
      assertThat(fields.appId()).as(at).isEqualTo(parsed.getAppId());
    }
    assertThat(fields.timestamp()).as(at).isEqualTo(parsed.getTimestamp());
    if (parsed.hasMessage()) {
      assertThat(text(input, fields)).as(at).isEqualTo(parsed.getMessage().toByteArray());
    }
  }

  private static LogMessageFields scan(byte[] input) {
    return LogMessageFields.scan(input, 0, input.length);
  }

  private static byte[] text(byte[] buf, LogMessageFields fields) {
    return Arrays.copyOfRange(buf, fields.textOffset(), fields.textOffset() + fields.textLength());
  }

  /** Text "x", type OUT, timestamp -1 (zigzag 1). */
  private static byte[] textTypeTime() {
    return HEX.parseHex("0a017810011801");
  }

  private static byte[] appId() {
    return concat(HEX.parseHex("2203"), "app".getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
