#!/usr/bin/env bash
# Drain forwarder benchmark: lines/s to a real rsyslogd over plain TCP and TLS on one connection,
# and 1,000 drains bound to one rsyslogd. Starts its own in-process Kafka (test kit), rsyslogd
# instances and test certificates; needs rsyslog, rsyslog-gnutls and openssl installed.
# Usage: bench/drains/run.sh [linesPerSingleDrainRun=500000] [linesPerDrainWith1000Drains=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/bench-lock.sh
mvn_quiet -pl drain-forwarder test-compile
mvn_quiet -pl drain-forwarder dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/drain-forwarder/target/drain-bench.classpath"
cp="drain-forwarder/target/classes:drain-forwarder/target/test-classes:$(cat drain-forwarder/target/drain-bench.classpath)"
mkdir -p drain-forwarder/target/tmp
exec java -Xmx1g -Djava.io.tmpdir="$PWD/drain-forwarder/target/tmp" -cp "$cp" \
  io.kloggregator.drain.DrainBench "$@"
