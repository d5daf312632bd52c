#!/usr/bin/env bash
# Streams-router benchmark: records/s processed by one instance, and GET /v1/recent?n=1000
# latency (p50/p99) with 10,000 apps in the store. Kafka runs as a child JVM, etcd as a child
# process (testkit LocalStack). Prints "RESULT | figure | value | note" lines.
# Extra JVM options for the router's JVM (e.g. a JFR recording) go in ROUTER_BENCH_JAVA_OPTS;
# ROUTER_BENCH_STREAM_THREADS sets the instance's stream threads (default 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh
exec java -Xmx1g ${ROUTER_BENCH_JAVA_OPTS:-} -Djava.io.tmpdir=bench/target/tmp \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  io.kloggregator.router.RouterBench
