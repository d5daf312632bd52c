#!/usr/bin/env bash
# Agent throughput benchmark: builds the bench module (bench/lib/local-classpath.sh), runs
# io.kloggregator.agent.bench.AgentBench on its class path and writes bench/results/agent.md
# (transport udp), bench/results/agent-tcp.md (tcp) or bench/results/agent-grpc.md (grpc).
# Usage: bench/agent/run.sh [sockets] [warm-up s] [measured s] [paced lines/s] [udp|tcp|grpc] [batch]
#   (defaults 8 5 20 20000 udp 100). Two runs: writers unbounded, then paced at the given total
#   rate. grpc sends v2 batches (at most [batch] envelopes) over mutual TLS to a real ingest
#   bridge producing to a real KRaft broker (child process), all started by AgentBench.
set -euo pipefail
cd "$(dirname "$0")/../.."
SOCKETS=${1:-8}; WARMUP=${2:-5}; SECONDS_MEASURED=${3:-20}; PACED=${4:-20000}
TRANSPORT=${5:-udp}; BATCH=${6:-100}
case "$TRANSPORT" in
  udp) OUT=bench/results/agent.md
    SENT="signed (HMAC) and sent as one UDP datagram per line to a counting receiver on 127.0.0.1" ;;
  tcp) OUT=bench/results/agent-tcp.md
    SENT="signed (HMAC) and sent length-prefixed on one TCP stream (64 KiB writes) to a real ingest bridge and KRaft broker on 127.0.0.1; received = records Kafka acknowledged to the bridge" ;;
  grpc) OUT=bench/results/agent-grpc.md
    SENT="mapped to v2 Log envelopes and sent in batches of at most $BATCH over gRPC (mutual TLS) to a real ingest bridge and KRaft broker on 127.0.0.1; received = lines whose batch the bridge answered (Kafka holds them)" ;;
  *) echo "transport must be udp, tcp or grpc, got $TRANSPORT" >&2; exit 2 ;;
esac
. bench/lib/bench-lock.sh
. bench/lib/local-classpath.sh
CMD="java -Xmx512m -Djava.io.tmpdir=bench/target/tmp -cp <bench class path> io.kloggregator.agent.bench.AgentBench $SOCKETS $WARMUP $SECONDS_MEASURED <0 | $PACED> $TRANSPORT $BATCH"
run() {
  java -Xmx512m -Djava.io.tmpdir=bench/target/tmp -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$CP" io.kloggregator.agent.bench.AgentBench "$SOCKETS" "$WARMUP" "$SECONDS_MEASURED" "$1" \
    "$TRANSPORT" "$BATCH"
}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
LINE_PATH=$(java -Xmx512m -cp "$CP" io.kloggregator.agent.LinePathBench)
UNBOUNDED=$(run 0)
PACED_ROWS=$(run "$PACED")
{
  echo "# Agent benchmark"
  echo
  echo "200-byte lines written to $SOCKETS warden unix sockets (FakeWarden, one writer thread each;"
  echo "run 1 as fast as the sockets take them, run 2 paced), read by the agent (2 selector threads),"
  echo "$SENT, all in one JVM."
  echo "\"Per core\" = lines emitted / CPU seconds used by the agent's own threads (ThreadMXBean);"
  echo "the writers and the receiver share the same 2 cores and are not counted."
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| date | $(date -u +%Y-%m-%dT%H:%MZ) |"
  echo "| machine | $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM |"
  echo "| java | $(java -version 2>&1 | head -1) |"
  echo "| load average before / after (other builds share the machine) | $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg) |"
  echo "| command | \`bench/agent/run.sh $SOCKETS $WARMUP $SECONDS_MEASURED $PACED $TRANSPORT $BATCH\` → \`$CMD\` |"
  echo
  echo "## Run 1: writers unbounded"
  echo
  echo "| figure | value |"
  echo "|---|---|"
  echo "$UNBOUNDED"
  echo
  echo "## Run 2: writers paced"
  echo
  echo "| figure | value |"
  echo "|---|---|"
  echo "$PACED_ROWS"
  echo
  echo "## Reader work alone (LinePathBench: split, LogMessage, HMAC envelope, queue; no sockets)"
  echo
  echo "| figure | value |"
  echo "|---|---|"
  echo "$LINE_PATH"
  cat <<'NOTES'

## Notes

- Other work may share the machine (see the load average); figures are per CPU-second of the
  agent's own threads to factor that out, but contention (context switches, cold caches) still
  inflates the CPU per line.
- The paced run is the target's figure: at a paced rate the agent keeps up with no drop, and
  lines emitted per agent CPU-second is what one core sustains. In the unbounded run the readers
  take lines faster than the one sender thread (and, with tcp or grpc, the bridge and broker on
  the same 2 cores) passes them on, so many are dropped (counted) and the reading work spent on
  them lowers the per-CPU-second figure.
- Drops: when the sender falls behind or is descheduled, the bounded queue (16,384) overflows
  and the oldest envelopes are dropped and counted, by design: readers never block. With udp
  the sender makes one `write` per datagram (the loopback delivery is charged to it); with tcp
  one per 64 KiB of envelopes. Lines read per CPU-second counts the work spent on dropped lines
  too.
NOTES
} > "$OUT"
cat "$OUT"
