#!/usr/bin/env bash
# Agent throughput benchmark: builds the agent's test classes offline, runs
# io.kloggregator.agent.bench.AgentBench on the test classpath and writes bench/results/agent.md.
# Usage: bench/agent/run.sh [sockets] [warm-up s] [measured s]   (defaults 8 5 20)
set -euo pipefail
cd "$(dirname "$0")/../.."
SOCKETS=${1:-8}; WARMUP=${2:-5}; SECONDS_MEASURED=${3:-20}
mvn -B -o -q -pl agent test-compile
mvn -B -o -q -pl agent dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt \
  -Dmdep.includeScope=test >/dev/null
CP="agent/target/classes:agent/target/test-classes:$(cat agent/target/bench-cp.txt)"
mkdir -p agent/target/tmp
CMD="java -Xmx512m -Djava.io.tmpdir=agent/target/tmp -cp <test classpath> io.kloggregator.agent.bench.AgentBench $SOCKETS $WARMUP $SECONDS_MEASURED"
ROWS=$(java -Xmx512m -Djava.io.tmpdir=agent/target/tmp -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$CP" io.kloggregator.agent.bench.AgentBench "$SOCKETS" "$WARMUP" "$SECONDS_MEASURED")
OUT=bench/results/agent.md
{
  echo "# Agent benchmark"
  echo
  echo "200-byte lines written as fast as the sockets take them to $SOCKETS warden unix sockets"
  echo "(FakeWarden, one writer thread each), read by the agent (2 selector threads), signed (HMAC)"
  echo "and sent as one UDP datagram per line to a counting receiver on 127.0.0.1, all in one JVM."
  echo "\"Per core\" = lines emitted / CPU seconds used by the agent's own threads (ThreadMXBean);"
  echo "the writers and the receiver share the same 2 cores and are not counted."
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| date | $(date -u +%Y-%m-%dT%H:%MZ) |"
  echo "| machine | $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM |"
  echo "| java | $(java -version 2>&1 | head -1) |"
  echo "| load average when the run ended (other builds share the machine) | $(cut -d' ' -f1-3 /proc/loadavg) |"
  echo "| command | \`bench/agent/run.sh $SOCKETS $WARMUP $SECONDS_MEASURED\` → \`$CMD\` |"
  echo "$ROWS"
} > "$OUT"
cat "$OUT"
