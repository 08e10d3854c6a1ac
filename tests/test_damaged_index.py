"""A damaged index is one line that says what to run, and that command works; chat outlives a store failure.

Damage is done to copies of the bundled corpus's index the way disks and people do it: the sqlite file
overwritten with garbage, cut short, scribbled over in the middle (which makes Chroma's Rust core panic),
or a persisted vector segment's folder deleted.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

QUESTION = "Which Pakistani diplomat did ISKP try to assassinate?"


def _garbage(db: Path) -> None:
    db.write_bytes(random.Random(1).randbytes(db.stat().st_size))


def _truncated(db: Path) -> None:
    with db.open("r+b") as f:
        f.truncate(db.stat().st_size // 3)


def _scribbled(db: Path) -> None:
    """Garbage over the middle of the file: the header is fine, so only reading the rows finds it."""
    size = db.stat().st_size
    with db.open("r+b") as f:
        f.seek(size // 8)
        f.write(random.Random(2).randbytes(size // 2))


@pytest.mark.parametrize(
    "damage", [_garbage, _truncated, _scribbled], ids=["garbage", "truncated", "scribbled"]
)
def test_a_damaged_index_says_what_to_run_and_that_command_rebuilds_it(damage, built_index, tmp_path):
    index = tmp_path / "index"
    shutil.copytree(built_index, index)
    damage(index / "chroma.sqlite3")

    broken = run_cli("--index", str(index), "ask", QUESTION)
    assert broken.returncode == 1, broken.stdout
    lines = [line for line in broken.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, broken.stderr  # no Rust panic, no traceback
    assert "panicked" not in broken.stderr and "Traceback" not in broken.stderr
    command = re.search(r"rebuild it with '(assistant [^']+)'", lines[0])
    assert command and "is damaged" in lines[0], lines[0]
    assert command.group(1) == f"assistant --index {index} ingest --reset"

    rebuilt = run_cli(*command.group(1).split()[1:])
    assert rebuilt.returncode == 0, rebuilt.stderr
    answer = run_cli("--index", str(index), "ask", "--json", QUESTION)
    assert answer.returncode == 0, answer.stderr
    assert json.loads(answer.stdout)["citations"], "the rebuilt index answers with citations"


def test_a_missing_vector_segment_folder_is_damage_not_silently_fewer_answers(tmp_path):
    """Chroma persists a collection's HNSW folder once it holds enough records; without it a query
    quietly returns a handful of results. Built here with random vectors (no model needed)."""
    import chromadb
    import numpy as np

    index = tmp_path / "index"
    client = chromadb.PersistentClient(path=str(index))
    collection = client.create_collection("articles", configuration={"hnsw": {"space": "cosine"}})
    vectors = np.random.default_rng(0).normal(size=(3000, 384)).tolist()
    for start in range(0, 3000, 1000):
        ids = [f"r{i}" for i in range(start, start + 1000)]
        collection.add(
            ids=ids, embeddings=vectors[start : start + 1000], metadatas=[{"kind": "chunk"}] * 1000
        )
    del collection, client
    segments = [p for p in index.iterdir() if p.is_dir()]
    assert segments, "Chroma did not persist the vector segment"
    for folder in segments:
        shutil.rmtree(folder)

    result = run_cli("--index", str(index), "sources")
    assert result.returncode == 1
    assert re.search(r"is damaged \(vector segment folder \S+ is missing or incomplete\)", result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1

    rebuilt = run_cli("--index", str(index), "ingest", "--reset")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert run_cli("--index", str(index), "sources").returncode == 0


def test_chat_survives_a_store_failure_and_takes_the_next_question(built_index, tmp_path):
    """JSON-lines chat: the index breaks under it (garbage over the sqlite file), then comes back."""
    index = tmp_path / "index"
    shutil.copytree(built_index, index)
    db = index / "chroma.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "--index", str(index), "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.stdin and proc.stdout

    def ask(question: str) -> dict:
        proc.stdin.write(question + "\n")
        proc.stdin.flush()
        return json.loads(proc.stdout.readline())

    try:
        first = ask(QUESTION)
        assert first.get("citations"), first
        original = db.read_bytes()
        with db.open("r+b") as f:
            f.write(random.Random(3).randbytes(len(original)))
        failed = ask("Who attacked the Russian embassy?")
        assert set(failed) == {"error"} and "\n" not in failed["error"], failed
        assert "damaged" in failed["error"]
        with db.open("r+b") as f:
            f.write(original)
        after = ask("Who attacked the Russian embassy?")
        assert after.get("citations"), after
        proc.stdin.close()
        assert proc.wait(timeout=120) == 0
        err = proc.stderr.read() if proc.stderr else ""
        assert "Traceback" not in err and "panicked" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
