package io.kloggregator.cli;

import io.kloggregator.schemas.proto.LogMessage;
import java.io.IOException;

/** Where replayed lines go: standard output, a file, or a syslog drain. Single-threaded. */
interface ReplayTarget extends AutoCloseable {

  void send(LogMessage message, int partition, long offset) throws IOException;

  /** Makes everything sent so far leave the process. */
  void flush() throws IOException;

  @Override
  void close() throws IOException;
}
