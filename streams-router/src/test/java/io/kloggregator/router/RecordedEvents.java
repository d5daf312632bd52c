package io.kloggregator.router;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Router events kept as they came, for tests of the topology: the bindings dropped (by reason)
 * and the records misplaced ({@code topic foundIn->belongsIn}); lines and drain records are only
 * counted by the metrics, which these tests do not look at.
 */
final class RecordedEvents implements RouterEvents {

  private final List<String> droppedBindings = new CopyOnWriteArrayList<>();
  private final List<String> misplaced = new CopyOnWriteArrayList<>();

  List<String> droppedBindings() {
    return droppedBindings;
  }

  List<String> misplaced() {
    return misplaced;
  }

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
    droppedBindings.add(reason);
  }

  @Override
  public void recordMisplaced(String topic, int foundIn, int belongsIn) {
    misplaced.add(topic + " " + foundIn + "->" + belongsIn);
  }
}
