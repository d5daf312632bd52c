package io.kloggregator.gateway;

/** A request parameter the gateway cannot serve; its message is sent to the client with a 400. */
final class BadRequestException extends RuntimeException {

  BadRequestException(String message) {
    super(message);
  }
}
