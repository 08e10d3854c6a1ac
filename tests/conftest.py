"""Shared fixtures: real corpus, real models, real Chroma; user state isolated in temp dirs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CANONICAL = "why did ISKP target Pakistan's embassy?"


@pytest.fixture(autouse=True)
def _isolated_user_state(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    (home / "config.toml").write_text("", encoding="utf-8")  # ASSISTANT_CONFIG must name a real file
    monkeypatch.setenv("ASSISTANT_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    for key in ("ASSISTANT_INDEX_DIR", "ASSISTANT_CHROMA_URL", "ASSISTANT_COLLECTION", "OPENAI_API_KEY"):
        monkeypatch.delenv(key, raising=False)


def run_cli(*args: str, input: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """The installed CLI in a real subprocess, as a user runs it."""
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True,
        text=True,
        input=input,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )


@pytest.fixture(scope="session")
def built_index(tmp_path_factory) -> Path:
    """An index of the default corpus, built once per test session through the CLI."""
    index = tmp_path_factory.mktemp("index")
    result = run_cli("--index", str(index), "ingest")
    assert result.returncode == 0, result.stderr
    return index


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    for f in target.iterdir():
        f.chmod(0o644)
    return target
