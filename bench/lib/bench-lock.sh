# Sourced by benchmarks that must not share the machine with another benchmark: take_bench_lock
# waits for and holds an flock(1) on /tmp/kl-bench.lock (fd 9) until release_bench_lock or exit.
# Builds and tests of other engineers are not stopped by it; other benchmarks wait.
take_bench_lock() {
  exec 9>/tmp/kl-bench.lock
  flock -n 9 || { echo "waiting for /tmp/kl-bench.lock (another benchmark runs)" >&2; flock 9; }
}
release_bench_lock() { flock -u 9 2>/dev/null || true; }
