package io.kloggregator.bridge;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.Function;

/**
 * One v2 ingress call (a {@code Sender} or {@code BatchSender} stream, or one {@code Send}): each
 * message's lines go to Kafka as they arrive, and the call's one answer is given after the sender
 * ended the call and Kafka acknowledged every line of it. If Kafka failed any line, the answer is
 * {@code UNAVAILABLE} instead, so a sender that retries on errors loses nothing (it may send some
 * lines twice: at least once). A call the sender cancels gets no answer; its lines already handed
 * over still reach Kafka, the rest are not handed over. Thread-safe: gRPC calls {@link #onNext}
 * from one thread at a time, Kafka's acknowledgements come from its I/O thread.
 *
 * @param <R> the call's (empty) response message
 */
final class IngressCall<R> implements StreamObserver<byte[]> {

  private final StreamObserver<R> responses;
  private final R answer;
  private final Function<byte[], List<BufferedLine>> decode;
  private final GrpcProducer producer;
  private int pending;
  private boolean ended;
  private boolean answered;
  private Exception failure;

  IngressCall(StreamObserver<R> responses, R answer, Function<byte[], List<BufferedLine>> decode,
      GrpcProducer producer) {
    this.responses = responses;
    this.answer = answer;
    this.decode = decode;
    this.producer = producer;
  }

  @Override
  public void onNext(byte[] message) {
    for (BufferedLine line : decode.apply(message)) {
      synchronized (this) {
        if (failure != null || answered) {
          // Failed, or cancelled by the sender (its deadline passed): it will send the call
          // again, so the rest of it would only reach Kafka as duplicates.
          return;
        }
        pending++;
      }
      producer.send(line, this::acknowledged);
    }
  }

  @Override
  public void onError(Throwable cancelled) {
    synchronized (this) {
      answered = true;
    }
  }

  @Override
  public void onCompleted() {
    synchronized (this) {
      ended = true;
    }
    answerWhenDone();
  }

  private void acknowledged(Exception error) {
    synchronized (this) {
      pending--;
      if (error != null && failure == null) {
        failure = error;
      }
    }
    answerWhenDone();
  }

  private void answerWhenDone() {
    synchronized (this) {
      if (answered || (failure == null && (!ended || pending > 0))) {
        return;
      }
      answered = true;
      if (failure != null) {
        responses.onError(Status.UNAVAILABLE.withDescription("Kafka did not take every line: "
            + failure).asRuntimeException());
        return;
      }
      responses.onNext(answer);
      responses.onCompleted();
    }
  }
}
