#!/usr/bin/env bash
# Latency benchmark (issue 19): the whole pipeline (app socket -> agent -> bridge -> Kafka ->
# gateway -> WebSocket tail) at a quiet, a moderate and a busy rate, each beside a plain
# KafkaConsumer reading the same lines, with where the time goes and the CPU per line.
# Writes bench/results/latency.md and bench/results/latency-latency.png.
# BENCH_BRIDGE_PRODUCER=linger.ms=0,... sets Kafka producer keys of the bridge under test.
# Usage: bench/latency/run.sh [seconds per rate=30] [rates=10,1000,20000] [apps=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RATE=${1:-30}; RATES=${2:-10,1000,20000}; APPS=${3:-20}
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh
take_bench_lock
java -Xmx1g -XX:+UseG1GC -Djava.io.tmpdir=bench/target/tmp -Djava.awt.headless=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbench.bridge.producer="${BENCH_BRIDGE_PRODUCER:-}" \
  -Dbench.command="${BENCH_BRIDGE_PRODUCER:+BENCH_BRIDGE_PRODUCER=$BENCH_BRIDGE_PRODUCER }bench/latency/run.sh $*" \
  -cp "$CP" io.kloggregator.local.bench.SystemBench bench/results "$SECONDS_PER_RATE" "$RATES" \
  "$APPS" latency
cat bench/results/latency.md
