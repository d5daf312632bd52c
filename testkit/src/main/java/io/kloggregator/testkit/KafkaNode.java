package io.kloggregator.testkit;

/**
 * One real KRaft Kafka node (combined broker + controller) on loopback. Two ways to run it:
 * {@link TestKitKafka} in the test JVM (Kafka's own test kit) and {@link ProcessKafka} as a
 * separate JVM running the broker's main class (the local run, and tests that kill the broker).
 */
public interface KafkaNode extends AutoCloseable {

  /** {@code host:port} of the PLAINTEXT listener. */
  String bootstrapServers();

  /** Stops the node and deletes its data. */
  @Override
  void close();
}
