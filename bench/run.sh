#!/usr/bin/env bash
# The whole benchmark suite as one command: every scenario in turn on this machine (each starts its
# own real Kafka, etcd, rsyslogd and components), then bench/results/report.md + report.png with
# each headline figure beside its target. Scenario logs go to bench/work/logs/.
# Usage: bench/run.sh            (about 15 minutes on an idle 2-core machine)
# Needs what scripts/install-deps installs (etcd, rsyslog, rsyslog-gnutls, openssl); the ingest
# scenario installs rsyslog-kafka for its rsyslog peer.
set -uo pipefail
cd "$(dirname "$0")/.."
LOGS=bench/work/logs
mkdir -p "$LOGS"
scripts/install-deps
STARTED=$(date +%s)
# Builds the bench module and everything it runs (nothing is installed); sets CP.
. bench/lib/local-classpath.sh || exit 1
SCENARIOS=(
  "agent:bench/agent/run.sh 8 5 20 100000"
  "ingest:bench/ingest/run.sh"
  "streams-router:bench/streams-router/run.sh"
  "gateway:bench/gateway/run.sh"
  "drains:bench/drains/run.sh"
  "system:bench/system/run.sh"
  "faults-pipeline:bench/faults/run.sh"
  "faults-drains:bench/faults/drains.sh"
  "bad-input:bench/bad-input/run.sh"
)
failed=()
for scenario in "${SCENARIOS[@]}"; do
  name=${scenario%%:*}; command=${scenario#*:}
  echo "=== $name: $command ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
  if ! $command > "$LOGS/$name.log" 2>&1; then
    failed+=("$name")
    echo "    FAILED, see $LOGS/$name.log"
  fi
done
# Only files this run wrote count: a scenario that failed leaves its earlier file, shown as stale.
java -Djava.awt.headless=true -cp "$CP" io.kloggregator.local.bench.BenchReport \
  bench/results "$LOGS" "$STARTED"
if [ ${#failed[@]} -gt 0 ]; then
  echo "scenarios that failed: ${failed[*]}" >&2
  exit 1
fi
