package io.kloggregator.schemas.json;

/**
 * Text that is not a JSON frame: not JSON, not one flat object, or a line frame without its
 * {@code text}. The message says which, and where. Thrown by {@link JsonFrameParser}; a reader
 * counts the frame and skips it.
 */
public final class MalformedFrameException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  MalformedFrameException(String message) {
    super(message);
  }

  MalformedFrameException(String message, Throwable cause) {
    super(message, cause);
  }
}
