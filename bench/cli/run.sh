#!/usr/bin/env bash
# Time from exec to the first line printed by `logs APP --recent` against a running gateway
# (scripts/run-local's, by default): RUNS runs each, median and min, per way of starting the CLI.
#   export KLOGGREGATOR_GATEWAY=... KLOGGREGATOR_TOKEN=...   # as scripts/run-local prints them
#   bench/cli/run.sh [APP]                                   # APP default demo-app; RUNS=10
# The ways: scripts/logs as shipped; the plain JVM (java -jar, no flags); and each flag alone, so
# the table shows what each one buys. Results go to standard output as a Markdown table.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
app="${1:-demo-app}"
runs="${RUNS:-10}"
: "${KLOGGREGATOR_TOKEN:?export KLOGGREGATOR_TOKEN (scripts/run-local prints it)}"
export KLOGGREGATOR_GATEWAY="${KLOGGREGATOR_GATEWAY:-http://127.0.0.1:8080}"
jar="$(ls "$root"/cli/target/cli-*-all.jar | head -n 1)"

# Milliseconds from exec of "$@" to its first line on standard output (the rest is discarded).
first_line_ms() {
  local start end
  start=$(date +%s%N)
  { IFS= read -r _ || true; end=$(date +%s%N); cat >/dev/null; } < <("$@" 2>/dev/null)
  echo $(( (end - start) / 1000000 ))
}

# One table row: median and min of $runs runs of "$@".
measure() {
  local name="$1"; shift
  "$@" >/dev/null 2>&1 || true   # one untimed run: the page cache and the CDS archive are warm
  local samples=()
  for _ in $(seq "$runs"); do samples+=("$(first_line_ms "$@")"); done
  local sorted
  sorted=$(printf '%s\n' "${samples[@]}" | sort -n)
  printf '| %s | %s | %s | %s |\n' "$name" \
    "$(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted")" "$(head -n 1 <<<"$sorted")" \
    "$(tr '\n' ' ' <<<"$sorted")"
}

echo "| start | median ms | min ms | all runs, ms |"
echo "|---|---|---|---|"
measure "scripts/logs $app --recent -n 20" "$root/scripts/logs" "$app" --recent -n 20
measure "java -jar (no flags)" java -jar "$jar" "$app" --recent -n 20
measure "java -XX:TieredStopAtLevel=1 -jar" java -XX:TieredStopAtLevel=1 -jar "$jar" "$app" \
  --recent -n 20
measure "java -XX:+UseSerialGC -jar" java -XX:+UseSerialGC -jar "$jar" "$app" --recent -n 20
measure "java -Xshare:off -jar" java -Xshare:off -jar "$jar" "$app" --recent -n 20
