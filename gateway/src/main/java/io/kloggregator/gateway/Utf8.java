package io.kloggregator.gateway;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 checks (no replacement characters). Stateless. */
final class Utf8 {

  private Utf8() {
  }

  static boolean valid(Buffer bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes.getBytes()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
