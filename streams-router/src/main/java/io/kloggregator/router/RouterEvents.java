package io.kloggregator.router;

/**
 * What the topology reports as it works, so that metrics live outside the pure topology. Called
 * on stream threads; implementations must be thread-safe and must not block.
 */
interface RouterEvents {

  /** A log line was stored. */
  void lineStored();

  /** A log record was dropped; {@code reason} is a short, fixed tag. */
  void lineDropped(String reason);

  /** A line was written to the drain topic for one binding. */
  void drainRecordWritten();

  /** A binding record was ignored; {@code reason} is a short, fixed tag. */
  void bindingDropped(String reason);

  /**
   * A log record was found in partition {@code foundIn} of {@code topic} though its key belongs
   * in {@code belongsIn}; it is being relocated there.
   */
  void recordMisplaced(String topic, int foundIn, int belongsIn);

  /** Events that go nowhere, for tests that do not look at them. */
  static RouterEvents none() {
    return new RouterEvents() {
      @Override
      public void lineStored() {
      }

      @Override
      public void lineDropped(String reason) {
      }

      @Override
      public void drainRecordWritten() {
      }

      @Override
      public void bindingDropped(String reason) {
      }

      @Override
      public void recordMisplaced(String topic, int foundIn, int belongsIn) {
      }
    };
  }
}
