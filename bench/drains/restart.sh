#!/usr/bin/env bash
# Duplicates a healthy drain sees across a forwarder restart (SIGKILL, then SIGTERM) with a dead
# drain in its partition (DrainRestartBench). Starts its own in-process Kafka (test kit), an
# rsyslogd receiver and forwarder JVMs; needs rsyslog installed.
# Usage: bench/drains/restart.sh [out=bench/target/drain-restart.md] [secondsBeforeStop=30]
#        [secondsAfter=15] [perTick=25]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh
take_bench_lock
mkdir -p bench/target/tmp
out="${1:-bench/target/drain-restart.md}"
shift || true
exec java -Xmx1g -Djava.io.tmpdir="$PWD/bench/target/tmp" -cp "$CP" \
  io.kloggregator.drain.DrainRestartBench "$out" "$@"
