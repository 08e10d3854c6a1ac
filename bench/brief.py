"""Cold `assistant brief` on the bundled corpus, extractive (bar: <= 3 s wall on this 2-core machine).

Builds an index of corpus/ in a temporary folder (not timed), then runs the CLI in a fresh process
several times, as a user would, and prints the wall time of each run, the median, and where the time
went inside the last one (from the JSON briefing's timings_ms). The machine's load average and the CPU
time of each run are printed too: with other work on the two cores, wall times are not this command's own.

    python bench/brief.py [--runs 5] [--topic "…"] [--index PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOPIC = "ISKP attacks on diplomatic missions in Kabul"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--topic", default=TOPIC)
    parser.add_argument("--index", type=Path, help="an index of corpus/ already built (default: build one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="brief-bench-") as tmp:
        index = args.index or Path(tmp) / "index"
        if args.index is None:
            built = cli("--index", str(index), "ingest")
            if built.returncode != 0:
                print(built.stderr, file=sys.stderr)
                return 1
        cli("--index", str(index), "brief", args.topic, "--format", "json")  # warm the OS file cache
        walls, cpus = [], []
        last = None
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            result = cli("--index", str(index), "brief", args.topic, "--format", "json")
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            if result.returncode != 0:
                print(result.stderr, file=sys.stderr)
                return 1
            last = json.loads(result.stdout)
        # The same topic through `assistant ask` (README bar: <= 1.5 s quiet): what the load does to a
        # command whose quiet figure is known.
        asks = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            cli("--index", str(index), "ask", args.topic)
            asks.append(time.perf_counter() - t0)
    load = os.getloadavg()[0]
    print(f"cold `assistant brief` (extractive, bundled corpus, {args.runs} runs): "
          + ", ".join(f"{w:.2f}" for w in walls) + " s")  # fmt: skip
    print(
        f"median {statistics.median(walls):.2f} s (bar: <= 3 s); load average {load:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"CPU time (user + system, all threads) median {statistics.median(cpus):.2f} s: the load-independent cost"
    )
    print(f"cold `assistant ask` on the same topic, same moment: median {statistics.median(asks):.2f} s")
    if last:
        parts = ", ".join(f"{k} {v:.0f} ms" for k, v in last["timings_ms"].items())
        print(f"inside the last run: {parts}")
        s = last["sections"]
        print(
            f"briefing: {len(s['bottom_line'].get('claims', []))} bottom-line sentences, "
            f"{len(s['key_points'].get('claims', []))} key points, {len(s['timeline'].get('events', []))} events, "
            f"{len(s['disagreements'].get('items', []))} disagreements, {len(s['gaps'].get('gaps', []))} open "
            f"questions, {len(last['citations'])} quotations from {len(last['sources'])} sources"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
