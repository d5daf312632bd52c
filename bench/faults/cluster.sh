#!/usr/bin/env bash
# Broker faults on a three-broker KRaft cluster at full size (issue 18): the bridge, router,
# gateway and drain forwarder in one JVM (LocalPipeline) over three broker JVMs (1 GB heap each),
# topics at replication 3 and min.insync.replicas 2, apps writing numbered lines through the
# agent, every app bound to an rsyslogd drain: leader of the busiest partition killed (-9),
# rolling restart, a broker's disk lost. Prints the table rows and writes them to
# bench/target/faults-cluster.rows.md (paste into bench/results/faults-cluster.md with the date,
# machine and load). Holds /tmp/kl-bench.lock while it measures.
# Usage: bench/faults/cluster.sh [linesPerSecond=10000] [apps=8] [warmUpSeconds=10]
#        [afterSeconds=10] [outageSeconds=3]
# The CI-sized version (1,000 lines/s, 4 apps) is ClusterFaultsIT (bench module).
set -euo pipefail
cd "$(dirname "$0")/../.."
ARGS=("${1:-10000}" "${2:-8}" "${3:-10}" "${4:-10}" "${5:-3}")
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh
ROWS="$PWD/bench/target/faults-cluster.rows.md"
rm -f "$ROWS"
take_bench_lock
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
set +e
(cd bench && java -Xmx2g -Djava.io.tmpdir="$PWD/target/tmp" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  io.kloggregator.local.faults.ClusterFaultBench "$ROWS" "${ARGS[@]}")
STATUS=$?
set -e
release_bench_lock
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/faults/cluster.sh ${ARGS[*]} (exit $STATUS)"
[ -f "$ROWS" ] && cat "$ROWS"
exit "$STATUS"
