"""Where an ingest's time goes: `assistant ingest` under cProfile, synthetic vectors, a scale.py corpus.

Runs the real indexer in this process on a corpus written the way bench/scale.py writes it, with the
embedding model replaced by scale.py's synthetic vectors (the model is not what is measured here), and
prints the chunk rate, wall and CPU time, and the functions with the most cumulative time. Chroma's own
work shows as `add` of `builtins.Bindings` (its Rust core: SQLite, full-text index, HNSW).

  .venv/bin/python bench/ingest_profile.py --chunks 2000
  .venv/bin/python bench/ingest_profile.py --chunks 10000 --save /tmp/ingest.prof   # for pstats/snakeviz
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402  (bench/ is not a package)


def install_synthetic_embedder() -> None:
    """scale.py's stand-in for the model, without its CLI call: the same class, run here."""
    code = scale.SYNTHETIC_INGEST.split("from assistant.cli import app")[0]
    exec(code, {})


def profile_ingest(corpus: Path, index: Path) -> tuple[cProfile.Profile, float, float, int]:
    """(profile, wall s, CPU s, chunks) of one ingest of corpus into a new index folder."""
    from assistant.ingestion.indexer import ingest
    from assistant.settings import load_settings

    settings = load_settings(index_dir=str(index), collection="profile")
    profile = cProfile.Profile()
    wall, cpu = time.perf_counter(), time.process_time()
    profile.enable()
    report = ingest([corpus], settings)
    profile.disable()
    return profile, time.perf_counter() - wall, time.process_time() - cpu, report.chunks_total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chunks", type=int, default=2000)
    parser.add_argument("--top", type=int, default=30, help="functions listed, by cumulative time")
    parser.add_argument("--save", type=Path, help="also write the profile here")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="assistant-ingest-profile-"))
    os.environ["ASSISTANT_HOME"] = str(base / "home")
    os.environ.pop("ASSISTANT_CONFIG", None)
    try:
        scale.write_corpus(base / "corpus", args.chunks)
        install_synthetic_embedder()
        profile, wall, cpu, chunks = profile_ingest(base / "corpus", base / "index")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(
        f"{chunks} chunks: {wall:.1f} s wall, {cpu:.1f} s CPU, {chunks / wall:.1f} chunks/s "
        f"(load {os.getloadavg()[0]:.1f}; synthetic vectors)"
    )
    if args.save:
        profile.dump_stats(args.save)
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
