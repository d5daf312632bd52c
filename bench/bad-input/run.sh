#!/usr/bin/env bash
# Issue 10, part 3: the full bad-input run. 1,000,000 seeded mutated UDP datagrams (valid lines
# interleaved) into the ingest bridge on a broker in its own JVM; writes bench/results/bad-input.md.
# The CI-sized version (200,000 datagrams) is BadInputIT (bench module, run by mvn verify).
# Holds /tmp/kl-bench.lock while it measures, so other benchmarks wait (bench/lib/bench-lock.sh).
# Usage: bench/bad-input/run.sh [datagrams, default 1000000] [seed, default: time-based]
# Exit code 1 when any reject, drop or valid line is unaccounted for (the report names it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATAGRAMS=${1:-1000000}
SEED=${2:-}
WORK=$ROOT/bench/work/bad-input
mkdir -p "$WORK/tmp"

cd "$ROOT"
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh
DIRTY=$(git diff --name-only HEAD -- schemas/src operations/src testkit/src ingest-bridge/src \
  bench/src \
  | xargs -r -n1 basename | paste -sd, - | sed 's/./ + uncommitted: &/')
export BENCH_REVISION="$(git rev-parse --short HEAD)$DIRTY"

take_bench_lock
set +e
java -Xmx1g ${BENCH_JAVA_OPTS:-} -Djava.io.tmpdir="$WORK/tmp" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$CP" io.kloggregator.bridge.BadInputBenchmark "$ROOT/bench/results/bad-input.md" \
  "bench/bad-input/run.sh${*:+ $*}" "$DATAGRAMS" $SEED
STATUS=$?
set -e
release_bench_lock
exit $STATUS
