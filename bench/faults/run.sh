#!/usr/bin/env bash
# Pipeline fault scenarios at full size (issue 10): on the multi-process stack (KRaft broker JVM,
# etcd, 2 ingest bridges, 2 streams routers, 2 gateways, the agent; each its own JVM) with apps
# writing numbered lines through FakeWarden sockets at a steady total rate: gateway killed (-9)
# with tails open, streams router killed and restarted, both routers' state dirs deleted, broker
# killed (-9) and restarted. Writes bench/results/faults-pipeline.md. Holds /tmp/kl-bench.lock
# while it measures, so other benchmarks wait (bench/lib/bench-lock.sh).
# Usage: bench/faults/run.sh [linesPerSecond=10000] [apps=8] [warmUpSeconds=10] [afterSeconds=10]
#        [faults=all] (a comma-separated subset of Fault, e.g. ROUTER_KILLED, writes
#        bench/results/faults-pipeline-<subset>.md instead)
# The CI-sized version (1,000 lines/s) is PipelineFaultsIT (bench module, run by mvn verify).
set -euo pipefail
cd "$(dirname "$0")/../.."
# COMPONENT_JAVA_OPTS: each component JVM's options (default: the tests' small heaps, C1 only;
# on 2 cores at 10,000 lines/s, C2's compile threads left the routers further behind).
COMPONENT_JAVA_OPTS=${COMPONENT_JAVA_OPTS:-}
ARGS=("${1:-10000}" "${2:-8}" "${3:-10}" "${4:-10}" "${5:-all}")
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh
# The stack starts its components with this JVM's class path. Others rebuild these modules while
# the run lasts (classes or a jar rewritten under a running JVM break its class loading), so the
# project's class directories and jars are copied aside first.
LIB="$PWD/bench/target/faults-bench-lib"
rm -rf "$LIB" && mkdir -p "$LIB"
BUILT=$CP
CP=""
IFS=: read -ra ENTRIES <<< "$BUILT"
for ENTRY in "${ENTRIES[@]}"; do
  case "$ENTRY" in /*) ;; *) ENTRY="$PWD/$ENTRY" ;; esac
  case "$ENTRY" in
    "$PWD"/*/target/*classes)
      MODULE=${ENTRY#"$PWD"/}; COPY="$LIB/${MODULE//\//-}"
      cp -r "$ENTRY" "$COPY" && ENTRY=$COPY ;;
    */io/kloggregator/*) cp "$ENTRY" "$LIB/" && ENTRY="$LIB/$(basename "$ENTRY")" ;;
  esac
  CP="${CP:+$CP:}$ENTRY"
done
ROWS="$PWD/bench/target/faults-pipeline.rows.md"
rm -f "$ROWS"
take_bench_lock
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%MZ)
set +e
(cd bench && java -Xmx1g -Djava.io.tmpdir="$PWD/target/tmp" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  -Dkloggregator.component.javaOpts="$COMPONENT_JAVA_OPTS" \
  io.kloggregator.local.faults.FaultBench "$ROWS" "${ARGS[@]}")
STATUS=$?
set -e
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
release_bench_lock
[ -f "$ROWS" ] || { echo "the benchmark wrote no results (exit $STATUS)" >&2; exit 1; }
OUT=bench/results/faults-pipeline.md
if [ "${ARGS[4]}" != all ]; then
  OUT=bench/results/faults-pipeline-$(echo "${ARGS[4]}" | tr 'A-Z_,' 'a-z--').md
fi
{
  echo "# Fault suite: the pipeline (broker, streams router, gateway, router state)"
  echo
  echo "Produced by \`bench/faults/run.sh\` (\`io.kloggregator.local.faults.FaultBench\`); the same"
  echo "scenarios run in CI at 1,000 lines/s as \`PipelineFaultsIT\`. Real parts, each its own JVM"
  echo "(\`MultiProcessStack\`, deploy/compose.yml's topology): KRaft broker, Debian etcd, 2 ingest"
  echo "bridges, 2 streams routers (standby replicas 1, session timeout 1.5 s), 2 gateways, the agent"
  echo "reading FakeWarden unix sockets. Each scenario uses fresh apps (one instance each) writing"
  echo "numbered lines round robin at the total rate; the agent sends each app to one bridge, so"
  echo "each line should be in Kafka once. Per scenario: traffic for the warm-up, the fault, the"
  echo "repair (restart), traffic until tail and dump have recovered plus the after period, then the"
  echo "apps stop and the figures are taken once Kafka is quiet and the tails have caught up."
  echo
  echo "- *written by apps*: lines the apps wrote to their stdout sockets; *acked by Kafka*: distinct"
  echo "  numbered lines read back from \`kloggregator.logs\` by a group-less consumer (dup = the"
  echo "  same line twice, out of order = a line after a higher number of its app);"
  echo "  *lost before Kafka* = written - acked (agent queue, UDP, bridge buffer)."
  echo "- *tail*: one WebSocket tail per app, half on each gateway; when a socket closes or fails"
  echo "  the client reconnects to the next gateway with \`cursor=<last cursor>\`. *tail lost* ="
  echo "  acked lines the tails never got."
  echo "- *final dumps*: \`/dump/?n=1000\` of every app through both gateways equal, line for line,"
  echo "  the last 1,000 lines of the app in Kafka."
  echo "- Times run from the fault (the SIGKILL): *component back* = the killed part answers"
  echo "  \`/health\` again (restart included); *tail: first line written after the fault* = every"
  echo "  tail has received a line its app wrote after the fault took effect; *dump complete again* ="
  echo "  the dump of every app through gateway 2 ends in such a line and equals Kafka's lines up to it"
  echo "  (each app's dump asked every 100 ms on its own thread; the time is when the last app's first"
  echo "  complete dump arrived)."
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| date | $STARTED |"
  echo "| commit | $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- local agent ingest-bridge streams-router gateway testkit bench/src || echo ' + uncommitted changes') |"
  echo "| machine | $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM (see the load average for what else ran) |"
  echo "| java | $(java -version 2>&1 | head -1) |"
  echo "| load average before / after | $LOAD_BEFORE / $LOAD_AFTER |"
  echo "| command | \`bench/faults/run.sh ${ARGS[*]}\` (exit $STATUS) |"
  echo
  cat "$ROWS"
} > "$OUT"
echo "wrote $OUT"
exit "$STATUS"
