#!/usr/bin/env bash
# Drain fault scenarios at full size (issue 10): a drain receiver (real rsyslogd) stopped for
# 60 s while three apps keep writing, and etcd SIGKILLed for 30 s while drain bindings change
# (real streams router, forwarder, two rsyslogd receivers). One in-process KRaft broker and a
# real etcd; needs etcd-server and rsyslog installed. Writes bench/results/faults-drains.md.
# Holds /tmp/kl-bench.lock while it measures, so other benchmarks wait (bench/lib/bench-lock.sh).
# Usage: bench/faults/drains.sh [receiverOutageSeconds=60] [etcdOutageSeconds=30]
#                               [linesPerAppPer50ms=10] [forwarderMaxBacklogLines=10000]
# The CI-sized versions (20 s / 10 s) are DrainFaultsIT (bench module, run by mvn verify).
set -euo pipefail
cd "$(dirname "$0")/../.."
ARGS=("${1:-60}" "${2:-30}" "${3:-10}" "${4:-10000}")
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh
ROWS=bench/target/faults-drains.rows.md
rm -f "$ROWS"
# Code measured = the working tree: name any uncommitted file of the modules in the run.
DIRTY=$(git diff --name-only HEAD -- schemas/src operations/src testkit/src streams-router/src/main \
  drain-forwarder/src bench/src \
  | xargs -r -n1 basename | paste -sd, - | sed 's/./ + uncommitted: &/')
take_bench_lock
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%MZ)
set +e
java -Xmx1g -Djava.io.tmpdir="$PWD/bench/target/tmp" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  io.kloggregator.drain.DrainFaultsBench "$ROWS" "${ARGS[@]}"
STATUS=$?
set -e
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
release_bench_lock
[ -f "$ROWS" ] || { echo "the benchmark wrote no results (exit $STATUS)" >&2; exit 1; }
OUT=bench/results/faults-drains.md
{
  echo "# Fault suite: drains and bindings (receiver down, etcd down while bindings change)"
  echo
  echo "Produced by \`bench/faults/drains.sh\` (\`io.kloggregator.drain.DrainFaultsBench\`); the same"
  echo "scenarios run in CI at 15 s / 10 s as \`DrainFaultsIT\`. Real parts: in-process KRaft broker"
  echo "(test kit), Debian etcd, rsyslogd receivers writing every message to a file, the"
  echo "\`DrainForwarder\` (test timings: backoff 100 ms..1 s, settle 300 ms) and, for etcd, a"
  echo "\`StreamsRouter\` (etcd bindings mirror, drain routing, dumps). Lines are numbered per app;"
  echo "\"accepted\" = acknowledged by the broker (to the drain topic for the receiver scenario, to"
  echo "the log topic through the router for the etcd one). Lost = accepted lines that should have"
  echo "reached a drain and did not; duplicated = repeats (at least once); out of order = first"
  echo "arrivals numbered below an earlier arrival of the same app."
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| date | $STARTED |"
  echo "| commit | $(git rev-parse --short HEAD)$DIRTY |"
  echo "| machine | $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM (see the load average for what else ran) |"
  echo "| java | $(java -version 2>&1 | head -1) |"
  echo "| rsyslog / etcd | $(/usr/sbin/rsyslogd -v | head -1 | sed 's/,.*//; s/ compiled with://') / $(etcd --version 2>/dev/null | head -1) |"
  echo "| load average before / after | $LOAD_BEFORE / $LOAD_AFTER |"
  echo "| command | \`bench/faults/drains.sh ${ARGS[*]}\` (exit $STATUS) |"
  echo
  cat "$ROWS"
} > "$OUT"
echo "wrote $OUT"
exit "$STATUS"
