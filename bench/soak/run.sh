#!/usr/bin/env bash
# Soak: the whole pipeline at a steady rate for a long time; live heap after full GC, open files
# and threads sampled every interval. Writes bench/results/soak.md.
# Usage: bench/soak/run.sh [minutes=30] [lines/s=5000] [apps=20] [interval s=60]
set -euo pipefail
cd "$(dirname "$0")/../.."
MINUTES=${1:-30}; RATE=${2:-5000}; APPS=${3:-20}; INTERVAL=${4:-60}
. bench/lib/local-classpath.sh
java -Xmx1g -XX:+UseG1GC -Djava.io.tmpdir=bench/target/tmp -Djava.awt.headless=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$CP" io.kloggregator.local.bench.SoakBench bench/results "$MINUTES" "$RATE" "$APPS" "$INTERVAL"
cat bench/results/soak.md
