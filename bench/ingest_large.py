"""Ingest of one large text file: rate and peak memory (DESIGN §7; issue 13, "every file accounted for").

Builds a file of --mb megabytes from the bundled articles' paragraphs (real sentences, shuffled so no two
paragraphs repeat in order), ingests it with the CLI into a temporary index, and prints the size, the
chunks written, the wall time, the rate (chunks/s and MB/min) and the peak resident memory of the
ingest process (from the kernel's rusage of the child). The bar: peak RSS <= 1 GB at 50 MB.

--synthetic-vectors runs the real ingest (load, clean, chunk, batches, Chroma, BM25) with the model replaced
by deterministic random unit vectors (bench/scale.py's stand-in): embedding 50 MB with the real model takes
hours on 2 cores, and the memory bound is about everything around the model. The output says so.

Usage: .venv/bin/python bench/ingest_large.py [--mb 50] [--one-line] [--synthetic-vectors] [--keep]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        paragraphs += [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [p for p in paragraphs if len(p.split()) >= 12]


def build_file(path: Path, megabytes: float, one_line: bool) -> int:
    """Write about `megabytes` MB of article text; returns the bytes written."""
    rng = random.Random(13)
    paragraphs = corpus_paragraphs()
    target = int(megabytes * 1_000_000)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            sentences = rng.sample(paragraphs, k=3)
            piece = " ".join(sentences) + (" " if one_line else "\n")
            out.write(piece)
            written += len(piece.encode("utf-8"))
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the file in MB (default 50)")
    parser.add_argument("--one-line", action="store_true", help="the whole file on a single line")
    parser.add_argument(
        "--synthetic-vectors",
        action="store_true",
        help="random unit vectors instead of the model (bench/scale.py's stand-in); the output says so",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ingest-large-"))
    try:
        source = work / "docs"
        source.mkdir()
        size = build_file(source / "large.txt", args.mb, args.one_line)
        index = work / "index"
        started = time.perf_counter()
        if args.synthetic_vectors:
            sys.path.insert(0, str(ROOT / "bench"))
            from scale import SYNTHETIC_INGEST

            command = [sys.executable, "-c", SYNTHETIC_INGEST]
        else:
            command = [sys.executable, "-m", "assistant.cli"]
        result = subprocess.run(
            [*command, "--index", str(index), "ingest", str(source)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB on Linux
        if result.returncode != 0:
            print(result.stdout[-2000:], result.stderr[-2000:], sep="\n")
            print(f"ingest failed (exit {result.returncode})")
            return 1
        import chromadb

        client = chromadb.PersistentClient(path=str(index))
        chunks = client.get_collection("articles").count()  # each holds its sentences' vectors
        print(f"file            {size / 1e6:.1f} MB{' on one line' if args.one_line else ''}")
        print(f"chunks          {chunks:,}")
        if args.synthetic_vectors:
            print("vectors         synthetic (random unit vectors; the model's own memory is not included)")
        print(f"wall time       {seconds:.0f} s")
        print(f"rate            {chunks / seconds:.0f} chunks/s, {size / 1e6 / seconds * 60:.2f} MB/min")
        print(f"peak RSS        {peak_mb:.0f} MB (bar: 1024 MB)")
        return 0 if peak_mb <= 1024 else 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
