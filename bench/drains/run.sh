#!/usr/bin/env bash
# Drain forwarder benchmark: lines/s to a real rsyslogd over plain TCP and TLS on one connection,
# and 1,000 drains bound to one rsyslogd. Starts its own in-process Kafka (test kit), rsyslogd
# instances and test certificates; needs rsyslog, rsyslog-gnutls and openssl installed.
# Usage: bench/drains/run.sh [linesPerSingleDrainRun=500000] [linesPerDrainWith1000Drains=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh
exec java -Xmx1g -Djava.io.tmpdir="$PWD/bench/target/tmp" -cp "$CP" \
  io.kloggregator.drain.DrainBench "$@"
