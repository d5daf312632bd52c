package io.kloggregator.drain;

import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drain fault scenarios at full size (bench/faults/drains.sh): a drain receiver down for
 * 60 s and etcd down for 30 s while a binding changes, on one in-process broker and etcd. Writes
 * Markdown tables (a summary row per scenario, then each app at each drain) to the file named by
 * the first argument; exits 1 when a scenario lost, misordered or misrouted a line.
 * Arguments: OUT [receiverOutageSeconds=60] [etcdOutageSeconds=30] [perTick=10] [maxBacklog=10000].
 */
public final class DrainFaultsBench {

  private DrainFaultsBench() {
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Duration receiverOutage = Duration.ofSeconds(arg(args, 1, 60));
    Duration etcdOutage = Duration.ofSeconds(arg(args, 2, 30));
    int perTick = arg(args, 3, 10);
    int maxBacklog = arg(args, 4, 10_000);
    Path dir = TempDirs.create("drain-faults-bench-");
    List<String> summary = new ArrayList<>();
    List<String> detail = new ArrayList<>();
    boolean clean = true;
    try (LocalStack stack = LocalStack.start(LocalStack.Options.forTests())) {
      ReceiverOutageScenario.Result r = new ReceiverOutageScenario(stack, dir.resolve("receiver"))
          .run(receiverOutage, Duration.ofSeconds(10), perTick, maxBacklog);
      System.out.println(r);
      summary.add(receiverRow(r, maxBacklog));
      detail.add(detailRow("receiver down", "a1", "down (stopped)", r.a1(), "all"));
      detail.add(detailRow("receiver down", "a2", "down (stopped)", r.a2(), "all"));
      detail.add(detailRow("receiver down", "a3", "up (kept running)", r.a3(), "all"));
      clean &= r.clean();

      EtcdOutageScenario.Result e = new EtcdOutageScenario(stack, dir.resolve("etcd"))
          .run(etcdOutage, Duration.ofSeconds(10), Math.max(1, perTick / 5));
      System.out.println(e);
      summary.add(etcdRow(e));
      detail.add(detailRow("etcd down", "s", "A", e.sAtA(), "all"));
      detail.add(detailRow("etcd down", "m", "A", e.mAtA(), "0..unbind, no hole"));
      detail.add(detailRow("etcd down", "m", "B", e.mAtB(), "bind..end, no hole"));
      detail.add(detailRow("etcd down", "n", "B", e.nAtB(), "bind..end, no hole"));
      clean &= e.clean();
    } finally {
      TempDirs.deleteRecursively(dir);
    }
    List<String> md = new ArrayList<>();
    md.add("| scenario | load | lines accepted | delivered per drain | lost | duplicated "
        + "| out of order | time to recover | other checks | verdict |");
    md.add("|---|---|---|---|---|---|---|---|---|---|");
    md.addAll(summary);
    md.add("");
    md.add("Each app at each drain (numbers are the lines' sequence numbers; \"span\" = lowest.."
        + "highest received, \"gaps\" = numbers inside the span that never arrived):");
    md.add("");
    md.add("| scenario | app | drain | accepted | received | distinct | span | gaps | duplicates "
        + "| out of order | expected |");
    md.add("|---|---|---|---|---|---|---|---|---|---|---|");
    md.addAll(detail);
    Files.write(out, md);
    md.forEach(System.out::println);
    System.exit(clean ? 0 : 1);
  }

  private static String receiverRow(ReceiverOutageScenario.Result r, int maxBacklog) {
    DeliveryTally[] all = {r.a1(), r.a2(), r.a3()};
    return String.format(Locale.ROOT, "| drain receiver (rsyslogd) stopped for %d s, 2 of 3 apps "
        + "drain to it | %,d lines/s, forwarder memory bound %,d lines/drain | %,d (3 apps × %,d) "
        + "| down: a1 %,d, a2 %,d; up: a3 %,d | %,d | %,d | %,d | first line %s after restart; "
        + "backlog (every line accepted before the restart) delivered %s after restart "
        + "| a3 got %,d lines during the outage; catch-up reads %.0f; resent %.0f; notice %s; "
        + "uncommitted at end %,d; forwarder /health 200 throughout: %s | %s |",
        r.outage().toSeconds(), r.linesPerSecond(), maxBacklog, 3L * r.accepted(),
        r.accepted(), r.a1().distinct(), r.a2().distinct(), r.a3().distinct(), lost(all),
        duplicates(all), outOfOrder(all), seconds(r.firstLine()), seconds(r.backlogDelivered()),
        r.a3DuringOutage(), r.catchups(), r.resent(), r.noticed() ? "written" : "**missing**",
        r.committedLag(), r.healthy(), r.clean() ? "pass" : "**FAIL**");
  }

  private static String etcdRow(EtcdOutageScenario.Result e) {
    DeliveryTally[] all = {e.sAtA(), e.mAtA(), e.mAtB(), e.nAtB()};
    // Lost: holes inside each span, s lines missing at its ends, m lines at neither drain
    // between A's last and B's first, m/n lines after the bind that never reached B.
    long lost = lost(new DeliveryTally[] {e.sAtA()}) + e.mAtA().gaps() + e.mAtB().gaps()
        + e.nAtB().gaps() + Math.max(0, e.mAtB().first() - e.mAtA().last() - 1)
        + (e.mAtB().accepted() - 1 - e.mAtB().last()) + (e.nAtB().accepted() - 1 - e.nAtB().last());
    return String.format(Locale.ROOT, "| etcd SIGKILLed for %d s right after app n was bound to "
        + "drain B; once back, m bound to B then unbound from A | %,d lines/s | %,d (3 apps × %,d) "
        + "| A: s %,d, m %s; B: m %s, n %s | %,d | %,d | %,d | routes converged %s after etcd "
        + "was back; n's first line at B was written %s the bind (a line is routed by the "
        + "bindings the router holds when it processes it) | during the outage: %,d dumps "
        + "answered, %,d failed, dumps advancing: %s; s lines routed to A: %,d; misrouted lines: "
        + "%,d; router /health 200 throughout: %s | %s |",
        e.outage().toSeconds(), e.linesPerSecond(), 3L * e.accepted(), e.accepted(),
        e.sAtA().distinct(), span(e.mAtA()), span(e.mAtB()), span(e.nAtB()), lost,
        duplicates(all), outOfOrder(all), seconds(e.converged()), relative(e.nEffective()),
        e.dumps(), e.dumpFailures(), e.dumpsAdvanced(), e.sDuringOutage(), e.strays(),
        e.routerHealthy(), e.clean() ? "pass" : "**FAIL**");
  }

  private static String detailRow(String scenario, String app, String drain, DeliveryTally t,
      String expected) {
    return String.format(Locale.ROOT, "| %s | %s | %s | %,d | %s | %s |", scenario, app, drain,
        t.accepted(), t.cells(), expected);
  }

  private static String span(DeliveryTally t) {
    return t.distinct() == 0 ? "none"
        : String.format(Locale.ROOT, "%,d (lines %,d..%,d)", t.distinct(), t.first(), t.last());
  }

  private static long lost(DeliveryTally[] tallies) {
    long lost = 0;
    for (DeliveryTally t : tallies) {
      lost += t.missing();
    }
    return lost;
  }

  private static long duplicates(DeliveryTally[] tallies) {
    long d = 0;
    for (DeliveryTally t : tallies) {
      d += t.duplicates();
    }
    return d;
  }

  private static long outOfOrder(DeliveryTally[] tallies) {
    long d = 0;
    for (DeliveryTally t : tallies) {
      d += t.outOfOrder();
    }
    return d;
  }

  private static String seconds(Duration d) {
    return d == null ? "**not within the limit**"
        : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** "1.2 s after" / "0.7 s before" for a signed duration. */
  private static String relative(Duration d) {
    return d == null ? "**never**" : String.format(Locale.ROOT, "%.1f s %s",
        Math.abs(d.toMillis()) / 1000.0, d.isNegative() ? "before" : "after");
  }

  private static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }
}
