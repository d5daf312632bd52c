#!/usr/bin/env bash
# Gateway benchmark: emit->client latency at 20k lines/s and fan-out to 2,000 sockets.
# Usage: bench/gateway/run.sh [seconds] [latencyRate] [sockets] [fanoutLinesPerSecondPerApp] [all|latency|fanout]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -o -q -pl gateway test-compile
mvn -B -o -q -pl gateway dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
CP="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench-classpath.txt)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx2g -Djava.io.tmpdir=gateway/target/tmp -cp "$CP" io.kloggregator.gateway.GatewayBench "$@"
