#!/usr/bin/env bash
# Log Cache read benchmark (issue 14): newest 1,000 lines and 1,000 lines from one hour back of an
# app whose partition holds 10 M records of other apps, beside /recent and a plain KafkaConsumer.
# Usage: bench/clients/run.sh [otherRecords] [iterations]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh
take_bench_lock
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
java -Xmx3g ${BENCH_JVM_ARGS:-} -Djava.io.tmpdir=bench/target/tmp \
  -cp "$CP" io.kloggregator.gateway.ClientsBench "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
