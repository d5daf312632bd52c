#!/usr/bin/env bash
# Issue 4 benchmark, all in one run on one broker: (a) raw KafkaProducer, (b) UDP emitter ->
# ingest bridge -> Kafka, (c) rsyslog imudp -> omkafka (if rsyslog-kafka is installed).
# Writes bench/results/ingest.md. Usage: bench/ingest/run.sh [seconds per step, default 5]
# Producer overrides for (a) and (b): KLOGGREGATOR_BRIDGE_PRODUCER_<KEY>=value, as for the bridge.
# The bridge's UDP receive path in (b), as for the bridge: KLOGGREGATOR_BRIDGE_UDP_TRANSPORT=
# auto|epoll|nio (default nio) and KLOGGREGATOR_BRIDGE_UDP_THREADS=N (epoll only, default 2), e.g.
#   KLOGGREGATOR_BRIDGE_UDP_TRANSPORT=epoll KLOGGREGATOR_BRIDGE_UDP_THREADS=4 bench/ingest/run.sh
# Sending threads (each its own socket) of (u), (b) and (c): BENCH_UDP_SENDERS=N (default 2).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STEP_SECONDS=${1:-5}
WORK=$ROOT/bench/work/ingest
mkdir -p "$WORK/tmp"

if [ ! -e /usr/lib/x86_64-linux-gnu/rsyslog/omkafka.so ]; then
  echo "rsyslog omkafka module missing: trying apt-get install -y rsyslog-kafka" >&2
  apt-get install -y rsyslog-kafka >&2 || echo "rsyslog-kafka not installed; (c) is skipped" >&2
fi

cd "$ROOT"
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh

OVERRIDES=$(env | grep -E '^(KLOGGREGATOR_BRIDGE_(PRODUCER_|UDP_TRANSPORT=|UDP_THREADS=)|BENCH_UDP_SENDERS=)' \
  | tr '\n' ' ' || true)
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -Djava.io.tmpdir="$WORK/tmp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$CP" io.kloggregator.bridge.IngestBenchmark "$ROOT/bench/results/ingest.md" \
  "${OVERRIDES}bench/ingest/run.sh $STEP_SECONDS" "$STEP_SECONDS"
