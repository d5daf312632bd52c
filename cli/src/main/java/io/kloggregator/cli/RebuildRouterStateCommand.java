package io.kloggregator.cli;

import io.kloggregator.schemas.Topics;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logs rebuild-router-state}: prints the procedure that rebuilds the streams router's
 * recent-lines store from the log topic. The rebuild itself is the router's own tool
 * ({@code StreamsRouterMain replay rebuild-store}), which knows its application id, store names
 * and state directory; this command only tells the operator the steps, so the two cannot drift
 * into two implementations.
 */
@Command(name = "rebuild-router-state", mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    header = "Operators: how to rebuild the streams router's state from the log topic.",
    synopsisHeading = "%nUsage: ",
    description = {"", "Prints the procedure (it changes nothing itself)."},
    optionListHeading = "%nOptions:%n")
final class RebuildRouterStateCommand implements Callable<Integer> {

  static final String PROCEDURE = String.join("%n",
      "Rebuild the streams router's recent-lines store from %1$s:",
      "",
      "The store (last N lines per app, RocksDB + changelog) is derived data: Kafka Streams",
      "restores it from its changelog on any instance by itself. Rebuild it from the log topic",
      "only if the changelog is lost or wrong. Lines older than the topic's retention (7 days)",
      "are gone for good. Tails keep working meanwhile; recent dumps answer 503 until it is back.",
      "",
      "1. Stop every router instance of the application (group %2$s). Check it is empty:",
      "     kafka-consumer-groups.sh --bootstrap-server %3$s --describe --group %2$s --members",
      "2. On each router host, with the router's environment (KLOGGREGATOR_*) set:",
      "     java -cp streams-router.jar io.kloggregator.router.StreamsRouterMain \\",
      "       replay rebuild-store",
      "   It refuses to run while the group has members; it deletes this host's local state",
      "   ($KLOGGREGATOR_ROUTER_STATE_DIR/%2$s), the store changelogs",
      "   (%2$s-recent-lines-changelog, %2$s-recent-lines-index-changelog) and rewinds the",
      "   group's offsets on %1$s to the earliest.",
      "   The Kafka CLI equivalent (then delete the state dirs by hand):",
      "     kafka-streams-application-reset.sh --bootstrap-server %3$s \\",
      "       --application-id %2$s --input-topics %1$s --to-earliest --execute",
      "3. Start the routers with KLOGGREGATOR_ROUTER_DRAINS_SINCE set to the current time",
      "   (ISO-8601), so the rewound log is not sent to syslog drains a second time.",
      "4. Watch them catch up:",
      "     kafka-consumer-groups.sh --bootstrap-server %3$s --describe --group %2$s",
      "   (LAG goes to 0); GET /health on each router turns 200 and",
      "   `logs APP --recent` answers again.",
      "",
      "To re-send one app's lines somewhere without touching the router, use `logs replay`.");

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
      description = "Kafka, for the commands shown (default: $KLOGGREGATOR_KAFKA_BOOTSTRAP).")
  String bootstrap;

  @Option(names = "--application-id", paramLabel = "ID", defaultValue = "kloggregator-router",
      description = "The router's Kafka Streams application id (default ${DEFAULT-VALUE}).")
  String applicationId;

  private final Terminal terminal;

  RebuildRouterStateCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    String servers = bootstrap != null ? bootstrap
        : terminal.env("KLOGGREGATOR_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    terminal.out().printf(PROCEDURE + "%n", Topics.LOGS, applicationId,
        servers);
    return ExitCode.OK;
  }
}
