package io.kloggregator.cli;

import io.kloggregator.ops.Backoff;
import io.kloggregator.schemas.json.JsonFrame;
import io.kloggregator.schemas.json.JsonFrameParser;
import io.kloggregator.schemas.json.LineFrame;
import io.kloggregator.schemas.json.MalformedFrameException;
import java.io.PrintWriter;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Follows an app's tail WebSocket until interrupted: prints each frame, remembers the cursor of
 * the last line, and after a dropped connection (gateway restart, network, silence longer than
 * the idle limit) reconnects with {@code ?cursor=} so no line is missed or printed twice while
 * Kafka still holds it. Reconnects back off from 250 ms to 5 s and give up after
 * {@code retryFor}; a 401/403 on reconnect ends the command with that code. Confined to the
 * calling thread.
 */
final class TailFollower {

  private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(250);
  private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(5);

  private final GatewayClient client;
  private final JsonFrameParser parser;
  private final LinePrinter printer;
  private final PrintWriter err;
  private final Duration retryFor;
  private final Duration idleLimit;
  private String cursor;
  private long undecodable;

  TailFollower(GatewayClient client, LinePrinter printer, PrintWriter err, Duration retryFor,
      Duration idleLimit) {
    this.client = client;
    this.parser = new JsonFrameParser();
    this.printer = printer;
    this.err = err;
    this.retryFor = retryFor;
    this.idleLimit = idleLimit;
  }

  /** Tails {@code query} (first dumping {@code recent} lines if > 0); returns only by throwing. */
  int follow(LogsQuery query, int recent) throws InterruptedException {
    boolean connectedOnce = false;
    long giveUpAt = 0;
    Backoff backoff = new Backoff(FIRST_RECONNECT_DELAY, MAX_RECONNECT_DELAY);
    while (true) {
      TailSocket socket = new TailSocket();
      WebSocket ws;
      try {
        ws = client.tail(query.tailPath(cursor == null ? recent : 0, cursor), socket);
      } catch (CliException e) {
        if (e.exitCode() != ExitCode.UNREACHABLE || !connectedOnce) {
          throw e;
        }
        if (System.nanoTime() - giveUpAt > 0) {
          throw new CliException(ExitCode.UNREACHABLE, "Gave up reconnecting after "
              + retryFor.toSeconds() + " s. " + e.getMessage());
        }
        TimeUnit.MILLISECONDS.sleep(backoff.nextDelayMillis());
        continue;
      }
      err.println(connectedOnce
          ? "Reconnected" + (cursor == null ? "." : ", resuming after line " + cursor + ".")
          : "Connected, " + (recent > 0 ? "dumping recent logs and then tailing" : "tailing logs")
              + " for app " + query.app() + " at " + client.base() + " ...");
      err.flush();
      connectedOnce = true;
      backoff.reset();
      String why = pump(ws, socket);
      err.println("Connection lost (" + why + "); reconnecting"
          + (cursor == null ? "" : " from line " + cursor) + " ...");
      err.flush();
      giveUpAt = System.nanoTime() + retryFor.toNanos();
    }
  }

  long undecodable() {
    return undecodable;
  }

  /** Prints frames until the socket ends; returns why it ended. */
  private String pump(WebSocket ws, TailSocket socket) throws InterruptedException {
    try {
      while (true) {
        TailSocket.Event event = socket.poll(500);
        if (event == null) {
          printer.flush();
          if (socket.nanosSinceActivity() > idleLimit.toNanos()) {
            ws.abort();
            return "nothing heard for " + idleLimit.toSeconds() + " s";
          }
        } else if (event.isText()) {
          accept(event.text());
          if (!socket.hasQueued()) {
            printer.flush();
          }
        } else {
          printer.flush();
          ws.abort();
          String reason = event.reason() == null || event.reason().isEmpty()
              ? "" : " " + event.reason();
          return event.failure() != null ? "error:" + reason
              : "closed by the gateway: " + event.closeCode() + reason;
        }
      }
    } catch (InterruptedException | RuntimeException e) {
      ws.abort();
      throw e;
    }
  }

  private void accept(String text) {
    JsonFrame frame;
    try {
      frame = parser.parse(text);
    } catch (MalformedFrameException e) {
      undecodable++;
      return;
    }
    if (frame instanceof LineFrame line && !line.cursor().isEmpty()) {
      cursor = line.cursor();
    }
    printer.print(frame);
  }
}
