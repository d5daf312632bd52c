package io.kloggregator.agent;

import io.kloggregator.schemas.proto.LogMessage;

/**
 * Where the agent's lines go: {@link SignedEmitter} (signed envelopes on TCP streams, or one
 * datagram per line, the original's protocol) or {@link GrpcEmitter} (v2 envelope batches over
 * mutual TLS). Each app's lines take
 * one endpoint, chosen by a hash of the app id, and keep their order. {@link #offer} is called by
 * the reader threads and never blocks: a full queue drops its oldest line and counts it.
 */
interface LineEmitter extends AutoCloseable {

  /** Starts the sending threads; once. */
  void start();

  /** Encodes and queues one line (on the caller's thread). */
  void offer(LogMessage line);

  /** Sends what is queued (bounded in time), then stops. */
  @Override
  void close();
}
