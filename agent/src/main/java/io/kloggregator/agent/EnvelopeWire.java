package io.kloggregator.agent;

/**
 * How {@link SignedEmitter}'s sender thread puts signed envelopes on the wire: {@link UdpWire}
 * (one datagram each, the original emitter protocol) or {@link TcpWire} (length-prefixed on one
 * stream per endpoint, many per write). Each counts what it sent or dropped. Confined to the
 * sender thread.
 */
interface EnvelopeWire extends AutoCloseable {

  /** How many endpoints; envelopes are addressed by index. */
  int endpoints();

  /** Sends one envelope to {@code endpoint}, or buffers it for the next {@link #flush}. */
  void write(int endpoint, byte[] envelope);

  /** Sends whatever {@link #write} buffered; called when the queue runs empty and at close. */
  void flush();

  /** Closes every socket; what is still buffered is not sent. */
  @Override
  void close();
}
