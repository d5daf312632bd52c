#!/usr/bin/env bash
# Gateway benchmark: emit->client latency at 20k lines/s and fan-out to 2,000 sockets.
# Usage: bench/gateway/run.sh [seconds] [latencyRate] [sockets] [fanoutLinesPerSecondPerApp] [all|latency|fanout]
# GATEWAY_JVM_ARGS adds options to the gateway JVM, e.g.
#   GATEWAY_JVM_ARGS="-XX:StartFlightRecording=filename=bench/target/gw.jfr,settings=profile"
# BENCH_JVM_ARGS does the same for the load/client JVM (e.g. "-Xlog:gc:file=bench/target/load-gc.log").
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
java -Xmx2g ${BENCH_JVM_ARGS:-} -Djava.io.tmpdir=bench/target/tmp "-Dbench.gatewayJvmArgs=${GATEWAY_JVM_ARGS:-}" \
  -cp "$CP" io.kloggregator.gateway.GatewayBench "$@"
