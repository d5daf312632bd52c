#!/usr/bin/env bash
# HTTPS drain benchmark: lines/s to one https-batch:// drain (a Vert.x HTTPS receiver on
# loopback that counts lines). Starts its own in-process Kafka (test kit) and test certificates;
# needs openssl. Usage: bench/drains/https-batch.sh [lines=500000] [warmUp=200000] (measured after the warm-up lines)
# JAVA_OPTS adds JVM options, e.g. JAVA_OPTS=-XX:StartFlightRecording=filename=x.jfr,settings=profile
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh
take_bench_lock
exec java -Xmx1g ${JAVA_OPTS:-} -Djava.io.tmpdir="$PWD/bench/target/tmp" -cp "$CP" \
  io.kloggregator.drain.HttpsBatchBench "$@"
