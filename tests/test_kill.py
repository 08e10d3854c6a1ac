"""kill -9 at random moments of an ingest: the next ingest completes and the index equals a clean build.

Each round starts an `ingest --reset` of both bundled corpora (12 articles, several seconds of embedding
and writing), sends SIGKILL at a random moment of it (model loading, the reset, writing, saving the
keyword index), then runs the same ingest without --reset and compares every record id, every record's
document hash and the keyword index's content key with a clean build. CI runs 5 rounds; the long run
sets ASSISTANT_KILL_ROUNDS=20 (README: figures).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, run_cli

ROUNDS = int(os.environ.get("ASSISTANT_KILL_ROUNDS", "5"))
SUEZ = ROOT / "evals" / "suites" / "suez-blockage" / "corpus"


# chromadb keeps one client system per folder per process and refuses a second with other settings: tests
# that open an index in-process use the store's own settings.
def _same_as_store():
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False)


def snapshot(index: Path) -> tuple[dict[str, str], str, bool]:
    """(record id -> document hash, the keyword content key, its saved snapshot exists)."""
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(index), None)  # read the files afresh each time
    client = chromadb.PersistentClient(str(index), settings=_same_as_store())
    collection = client.get_collection("articles")
    records: dict[str, str] = {}
    got = collection.get(include=["metadatas"])
    records.update(zip(got["ids"], (m["sha"] for m in got["metadatas"]), strict=True))
    key = str((collection.metadata or {}).get("keyword_key", ""))
    saved = (index / "keyword" / "articles" / key / "context.pickle").is_file()
    SharedSystemClient._identifier_to_system.pop(str(index), None)
    return records, key, saved


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kill") / "articles"
    folder.mkdir()
    for source in (CORPUS, SUEZ):
        for f in source.iterdir():
            if f.suffix in {".txt", ".md", ".html"}:
                shutil.copy(f, folder / f.name)
    return folder


def test_kill_9_at_random_moments_then_ingest_equals_a_clean_build(tmp_path, big_corpus):
    clean_index = tmp_path / "clean"
    started = time.monotonic()
    done = run_cli("--index", str(clean_index), "--collection", "articles", "ingest", str(big_corpus))
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    clean, clean_key, saved = snapshot(clean_index)
    assert clean and clean_key and saved

    index = tmp_path / "idx"
    rng = random.Random(int(os.environ.get("ASSISTANT_KILL_SEED", "13")))
    env = {**os.environ, "NO_COLOR": "1"}
    killed_at = []
    for _ in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "--index", str(index), "--collection", "articles"]
            + ["ingest", "--reset", str(big_corpus)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Within the first 60% of a clean build's time: the build that set `duration` may have run on a busier
        # machine than this one, and a kill after the ingest has finished tests nothing.
        moment = rng.uniform(0.2, max(0.3, 0.6 * duration))
        time.sleep(moment)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed_at.append(round(moment, 2))
        proc.wait(timeout=120)

        resumed = run_cli("--index", str(index), "--collection", "articles", "ingest", str(big_corpus))
        assert resumed.returncode == 0, resumed.stderr
        records, key, saved = snapshot(index)
        assert records.keys() == clean.keys(), f"after a kill at {moment:.2f}s: ids differ from a clean build"
        assert records == clean, f"after a kill at {moment:.2f}s: a record holds another document hash"
        assert key == clean_key and saved, f"after a kill at {moment:.2f}s: keyword index not rebuilt"
    print(f"clean ingest {duration:.1f}s; {len(killed_at)} of {ROUNDS} kills landed, at {killed_at} s")
    assert len(killed_at) >= max(1, ROUNDS * 3 // 5), f"too few kills landed inside an ingest: {killed_at}"
