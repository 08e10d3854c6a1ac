"""Start-up and ingest figures: `assistant --help`, cold `assistant ask`, ingest split into model vs rest.

Run: .venv/bin/python bench/startup.py   (prints figures; asserts nothing)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "why did ISKP target Pakistan's embassy?"


def wall(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    cli = [sys.executable, "-m", "assistant.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        index = str(Path(tmp) / "index")
        from assistant.api import ingest
        from assistant.settings import load_settings

        t0 = time.perf_counter()
        report = ingest(None, load_settings(index_dir=index))
        total = time.perf_counter() - t0
        print(
            f"ingest corpus/ ({report.chunks_total} chunks + sentence records): {total:.2f} s total, "
            f"{report.embed_seconds:.2f} s model, {total - report.embed_seconds:.2f} s rest "
            f"({100 * (total - report.embed_seconds) / total:.0f}% overhead, includes model load and imports)"
        )
        t0 = time.perf_counter()
        ingest(None, load_settings(index_dir=index))
        print(f"re-ingest unchanged corpus: {time.perf_counter() - t0:.2f} s")
        t0 = time.perf_counter()
        warm = ingest(None, load_settings(index_dir=str(Path(tmp) / "second")))
        total = time.perf_counter() - t0
        print(
            f"ingest into a second new index, libraries already imported: {total:.2f} s total, "
            f"{warm.embed_seconds:.2f} s model, {total - warm.embed_seconds:.2f} s rest "
            f"({100 * (total - warm.embed_seconds) / warm.embed_seconds:.0f}% of model time; includes loading "
            "the model, while writes run alongside the next document's embedding)"
        )

        helps = wall([*cli, "--help"], 5)
        print(f"assistant --help: median {statistics.median(helps):.3f} s over {len(helps)} runs")
        asks = wall([*cli, "--index", index, "ask", QUESTION], 5)
        print(
            f"cold assistant ask (extractive): median {statistics.median(asks):.2f} s, "
            f"min {min(asks):.2f} s over {len(asks)} runs"
        )


if __name__ == "__main__":
    main()
