package io.kloggregator.drain;

import java.nio.file.Path;
import java.util.List;

/**
 * A real drain receiver (rsyslogd on a loopback TCP port, {@link RsyslogReceiver}) for the fault
 * suites outside this package: its {@code syslog://} URL to bind and the bodies it got so far.
 */
public final class SyslogDrainSink implements AutoCloseable {

  private final RsyslogReceiver receiver;

  private SyslogDrainSink(RsyslogReceiver receiver) {
    this.receiver = receiver;
  }

  /** Starts rsyslogd with its files below {@code dir}. */
  public static SyslogDrainSink start(Path dir) {
    return new SyslogDrainSink(RsyslogReceiver.plain(dir));
  }

  /** The URL a binding gives this receiver. */
  public String url() {
    return "syslog://127.0.0.1:" + receiver.port();
  }

  /** Message bodies received so far, in arrival order. */
  public List<String> messages() {
    return receiver.messages();
  }

  @Override
  public void close() {
    receiver.close();
  }
}
