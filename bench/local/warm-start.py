#!/usr/bin/env python3
"""Times the run command on a warm machine (issue 17): scripts/run-local under a pseudo-terminal,
from exec to its "kloggregator is up" line and to the first "tail>" frame, then Ctrl-C (SIGINT to
its process group, as a terminal sends it) to exit. Counts WARN/ERROR log lines that are not the
demo app's own tail frames. One untimed run first, so the build stamp is fresh.

Usage: RUNS=5 bench/local/warm-start.py
"""
import os
import pty
import re
import select
import signal
import statistics
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
LIMIT_S = 60


def one_run(limit_s=LIMIT_S):
    leader, follower = pty.openpty()
    began = time.monotonic()
    proc = subprocess.Popen(["scripts/run-local"], cwd=ROOT, stdin=follower, stdout=follower,
                            stderr=follower, start_new_session=True)
    os.close(follower)
    up = first_frame = None
    warnings = 0
    buffer = b""

    def drain(until):
        nonlocal buffer, up, first_frame, warnings
        while time.monotonic() < until:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if not ready:
                if proc.poll() is not None:
                    return False
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for raw in lines:
                line = raw.decode("utf-8", "replace")
                now = time.monotonic() - began
                if up is None and "kloggregator is up" in line:
                    up = now
                if "tail> " in line:
                    if first_frame is None:
                        first_frame = now
                elif re.search(r"\] (WARN|ERROR) ", line):
                    warnings += 1
                    if os.environ.get("SHOW_WARNINGS"):
                        print("warning line: " + line, file=sys.stderr)
            if first_frame is not None and until == deadline:
                return True
        return True

    deadline = began + limit_s
    drain(deadline)
    if first_frame is None:
        os.killpg(proc.pid, signal.SIGKILL)
        raise SystemExit("no tail frame within %d s" % limit_s)
    time.sleep(1)
    stop = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    drain(stop + LIMIT_S)
    proc.wait(timeout=LIMIT_S)
    stopped = time.monotonic() - stop
    os.close(leader)
    return up, first_frame, stopped, warnings


def main():
    runs = int(os.environ.get("RUNS", "5"))
    one_run(limit_s=900)  # may rebuild first
    rows = [one_run() for _ in range(runs)]
    load = open("/proc/loadavg").read().split()[0]
    print("| run | 'is up' s | first tail frame s | Ctrl-C to exit s | WARN/ERROR lines |")
    print("|---|---|---|---|---|")
    for i, (up, frame, stopped, warns) in enumerate(rows, 1):
        print("| %d | %.1f | %.1f | %.1f | %d |" % (i, up, frame, stopped, warns))
    print("\nmedian first tail frame %.1f s, median Ctrl-C to exit %.1f s, load average %s at the end"
          % (statistics.median(r[1] for r in rows), statistics.median(r[2] for r in rows), load))


if __name__ == "__main__":
    sys.exit(main())
