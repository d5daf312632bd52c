#!/usr/bin/env bash
# Whole-system benchmark: apps -> agent -> UDP -> ingest bridge -> Kafka -> gateway -> WebSocket
# tails, at several paced rates, beside a plain KafkaConsumer, plus the dump through the gateway
# and the stack's start time. Writes bench/results/system.md and bench/results/system-latency.png.
# BENCH_BRIDGE_PRODUCER=linger.ms=0,... sets Kafka producer keys of the bridge under test.
# Usage: bench/system/run.sh [seconds per rate=15] [rates=1000,5000,20000] [apps=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RATE=${1:-15}; RATES=${2:-1000,5000,20000}; APPS=${3:-20}
. bench/lib/local-classpath.sh
java -Xmx1g -XX:+UseG1GC -Djava.io.tmpdir=bench/target/tmp -Djava.awt.headless=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbench.bridge.producer="${BENCH_BRIDGE_PRODUCER:-}" \
  -Dbench.command="${BENCH_BRIDGE_PRODUCER:+BENCH_BRIDGE_PRODUCER=$BENCH_BRIDGE_PRODUCER }bench/system/run.sh $*" \
  -cp "$CP" io.kloggregator.local.bench.SystemBench bench/results "$SECONDS_PER_RATE" "$RATES" \
  "$APPS" system
cat bench/results/system.md
