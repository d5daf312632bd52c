package io.kloggregator.local.faults;

import io.kloggregator.local.multiprocess.MultiProcessStack;
import io.kloggregator.local.multiprocess.WsLines;
import java.util.concurrent.TimeUnit;

/** One {@code /dump/} of an app over a gateway WebSocket, as the seqs of its lines. Stateless. */
final class DumpProbe {

  private static final int CLOSE_DUMP_COMPLETE = 1000;

  private DumpProbe() {
  }

  /**
   * The app's recent lines, oldest first ({@link SeqLine#OTHER} for lines not numbered), or null
   * when the gateway refuses or does not end the dump with close 1000 within 15 s.
   */
  static long[] fetch(int gatewayPort, String app, String token) {
    SeqLedger lines = new SeqLedger();
    String path = "/dump/?app=" + app + "&n=" + MultiProcessStack.RETAINED_LINES;
    try (WsLines dump = WsLines.open(gatewayPort, path, token,
        (text, cursor) -> lines.record(SeqLine.parse(app, text)))) {
      Integer code = dump.closed().get(15, TimeUnit.SECONDS);
      return code == CLOSE_DUMP_COMPLETE ? lines.order() : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception refusedOrBroken) {
      return null;
    }
  }
}
