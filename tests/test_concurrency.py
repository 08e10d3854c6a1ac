"""One writer, many readers, on an embedded index; and the keyword index that follows the collection.

Every test runs the real CLI in subprocesses at the same time, on the real corpus; "ids equal to a clean
build" compares every record id with an index built once, alone, from the same folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CANONICAL, ROOT, run_cli

EDITED = "004_652f748723ad7994.txt"
QUESTIONS = [
    CANONICAL,
    "Who was killed in the attack on the Russian embassy?",
    "How many people died at the Longan Hotel?",
    "Which countries' diplomatic sites has ISKP threatened to attack?",
    "Who is Barnett Rubin?",
    "When was the Pakistani embassy attacked?",
    "What does ISKP want?",
    "Who leads the Taliban government?",
]


# chromadb keeps one client system per folder per process and refuses a second with other settings: tests
# that open an index in-process use the store's own settings.
def _same_as_store():
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False)


def popen(*args: str) -> subprocess.Popen:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def ids_of(index: Path) -> set[str]:
    import chromadb

    client = chromadb.PersistentClient(str(index), settings=_same_as_store())
    collections = client.list_collections()  # the one collection of chunks, nothing else
    assert len(collections) == 1, [c.name for c in collections]
    return {i for c in collections for i in client.get_collection(c.name).get(include=[])["ids"]}


def clean_build(folder: Path, index: Path) -> set[str]:
    done = run_cli("--index", str(index), "ingest", str(folder))
    assert done.returncode == 0, done.stderr
    return ids_of(index)


def check_answer(stdout: str, corpus: Path) -> dict:
    answer = json.loads(stdout)
    for c in answer["citations"]:  # a torn read would cite text that is not the file's at these offsets
        assert (corpus / c["source"]).read_text(encoding="utf-8")[c["start"] : c["end"]] == c["quote"]
    return answer


def test_two_ingests_at_once_one_writer_and_a_clean_result(tmp_path, corpus_copy):
    index = tmp_path / "idx"
    first = popen("--index", str(index), "ingest", str(corpus_copy))
    lock = index / ".ingest.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.02)
    second = run_cli("--index", str(index), "ingest", str(corpus_copy))
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert second.returncode == 1
    assert second.stderr.strip() == (
        f"error: another ingest is running (pid {first.pid}) on {index}: wait for it to finish, then run this again"
    )
    # both started together: each either wrote or was turned away; the result is a clean build
    a, b = (popen("--index", str(index), "ingest", str(corpus_copy)) for _ in range(2))
    for proc in (a, b):
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0 or "another ingest is running" in err, err
    assert ids_of(index) == clean_build(corpus_copy, tmp_path / "clean")


def test_asks_stay_correct_while_an_ingest_runs(tmp_path, corpus_copy):
    index = tmp_path / "idx"
    held_back = corpus_copy.parent / EDITED
    (corpus_copy / EDITED).rename(held_back)
    assert run_cli("--index", str(index), "ingest", str(corpus_copy)).returncode == 0
    held_back.rename(corpus_copy / EDITED)

    writer = popen("--index", str(index), "ingest", str(corpus_copy))
    answers = 0
    while writer.poll() is None or answers < 3:
        result = run_cli("--index", str(index), "ask", "--json", CANONICAL)
        assert result.returncode == 0, result.stderr
        answer = check_answer(result.stdout, corpus_copy)
        assert not answer["refused"] and answer["citations"]
        answers += 1
    assert writer.returncode == 0, writer.communicate()[1]
    assert ids_of(index) == clean_build(corpus_copy, tmp_path / "clean")
    # the writer's new article is what the next reader finds
    after = check_answer(
        run_cli("--index", str(index), "ask", "--json", "Who is Barnett Rubin?").stdout, corpus_copy
    )
    assert any(c["source"] == EDITED for c in after["citations"])


def test_eight_asks_in_parallel(built_index):
    procs = [popen("--index", str(built_index), "ask", "--json", q) for q in QUESTIONS]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert err.strip() == ""
        check_answer(out, ROOT / "corpus")


def test_a_running_chat_follows_an_edit_that_keeps_the_chunk_count(tmp_path, corpus_copy):
    index = tmp_path / "idx"
    assert run_cli("--index", str(index), "ingest", str(corpus_copy)).returncode == 0
    chunks_before = run_cli("--index", str(index), "sources").stdout
    chat = popen("--index", str(index), "chat")
    question = "Which countries' diplomatic sites has ISKP threatened to attack?"
    assert chat.stdin and chat.stdout
    chat.stdin.write(question + "\n")
    chat.stdin.flush()
    before = json.loads(chat.stdout.readline())
    assert before["citations"] and not any("Norway" in c["quote"] for c in before["citations"])

    path = corpus_copy / EDITED
    text = path.read_text(encoding="utf-8")
    assert text.count("and Iran, among") == 1
    path.write_text(text.replace("and Iran, among", "and Norway, among"), encoding="utf-8")
    done = run_cli("--index", str(index), "ingest", str(corpus_copy))  # another process, chat still open
    assert done.returncode == 0, done.stderr
    assert run_cli("--index", str(index), "sources").stdout == chunks_before  # same chunk count

    chat.stdin.write(question + "\n")
    chat.stdin.flush()
    after = json.loads(chat.stdout.readline())
    chat.stdin.close()
    assert "citations" in after, after
    assert chat.wait(timeout=60) == 0
    assert any("Norway" in c["quote"] for c in after["citations"]), after["answer"]
    for c in after["citations"]:
        assert (corpus_copy / c["source"]).read_text(encoding="utf-8")[c["start"] : c["end"]] == c["quote"]


# -- the persisted keyword index ---------------------------------------------------------------------------
def test_cold_ask_loads_the_saved_keyword_index_instead_of_reading_every_chunk(built_index, monkeypatch):
    from assistant.api import Assistant
    from assistant.retrieval.store import Store
    from assistant.settings import load_settings

    def no_full_read(self):
        raise AssertionError("a cold ask read every chunk to rebuild BM25")

    monkeypatch.setattr(Store, "chunk_records", no_full_read)
    monkeypatch.setattr(Store, "all_passages", no_full_read)
    assistant = Assistant(load_settings(index_dir=built_index))
    answer = assistant.ask(CANONICAL)
    assert not answer.refused and answer.citations
    key = assistant.store.keyword_key()
    assert (built_index / "keyword" / "articles" / key / "context.pickle").is_file()


def test_without_a_saved_key_readers_build_from_the_collection(tmp_path, corpus_copy):
    """What a reader sees after an ingest was killed mid-write (the key cleared, nothing saved for the
    new content): BM25 built from the records, answers unchanged."""
    from assistant.api import Assistant
    from assistant.settings import load_settings

    index = tmp_path / "idx"
    assert run_cli("--index", str(index), "ingest", str(corpus_copy)).returncode == 0
    settings = load_settings(index_dir=index)
    expected = Assistant(settings).ask(CANONICAL)
    store = Assistant(settings).store
    store.set_keyword_key("")
    for folder in (index / "keyword").rglob("context.pickle"):
        folder.unlink()
    fresh = Assistant(settings)
    got = fresh.ask(CANONICAL)
    assert got.answer == expected.answer
    assert fresh.retriever.keyword_index.search("Barnett Rubin", 3)[0].source == EDITED
    # the next ingest, with nothing to write, records the key and saves the snapshot again
    assert run_cli("--index", str(index), "ingest", str(corpus_copy)).returncode == 0
    key = Assistant(settings).store.keyword_key()
    assert key and list((index / "keyword").rglob(f"{key}/context.pickle"))


@pytest.mark.parametrize("sources", [None, [EDITED, "000_e903f09e4eb0f2bc.txt"]])
def test_saved_bm25_ranks_exactly_as_a_fresh_build(built_index, sources):
    from assistant.retrieval import keyword
    from assistant.retrieval.store import Store

    store = Store(built_index, "articles")
    saved = keyword.Snapshot.load(store.keyword_dir, store.keyword_key())
    assert saved is not None
    fresh = keyword.KeywordIndex(store.all_passages())
    for question in QUESTIONS + ["Norway", "the", "Taliban Taliban Kabul"]:
        got = [p.chunk_id for p in saved.index.search(question, 20, sources)]
        assert got == [p.chunk_id for p in fresh.search(question, 20, sources)]


def test_saved_chunks_and_context_equal_a_fresh_build(built_index):
    """The snapshot's chunks are memory-mapped arrays (retrieval/chunk_table.py), not pickled objects:
    every chunk, its document's chunks in order and each sentence's neighbours must read back the same."""
    from assistant.retrieval import keyword
    from assistant.retrieval.retrieve import sentences_of
    from assistant.retrieval.store import Store

    store = Store(built_index, "articles")
    saved = keyword.Snapshot.load(store.keyword_dir, store.keyword_key())
    assert saved is not None
    fresh = keyword.Snapshot.build("", store.all_passages(), store.aliases())
    assert len(saved.index.chunks) == len(fresh.index.chunks) > 30
    assert list(saved.index.chunks) == list(fresh.index.chunks)
    assert saved.index.chunks[-2:] == fresh.index.chunks[-2:]
    ctx, want = saved.context, fresh.context
    assert sorted(ctx.chunks_by_doc) == sorted(want.chunks_by_doc)
    for doc_id, chunks in want.chunks_by_doc.items():
        assert ctx.chunks_by_doc[doc_id] == chunks
    assert ctx.chunks_by_doc.get("no-such-doc", []) == []
    assert (ctx.common_names, ctx.doc_names, ctx.term_df, ctx.n_chunks) == (
        want.common_names,
        want.doc_names,
        want.term_df,
        want.n_chunks,
    )
    for chunk in fresh.index.chunks[::5]:
        for sentence in sentences_of(chunk):
            assert ctx.neighbours(sentence) == want.neighbours(sentence)
            assert ctx.next_sentence(sentence) == want.next_sentence(sentence)


def test_a_snapshot_saved_in_another_format_is_rebuilt_once(tmp_path, corpus_copy):
    """A FORMAT bump must rewrite the saved snapshot, not rebuild it in every process forever."""
    from assistant.api import Assistant, ingest
    from assistant.retrieval import keyword
    from assistant.retrieval.store import Store
    from assistant.settings import load_settings

    settings = load_settings(index_dir=tmp_path / "idx")
    ingest([corpus_copy], settings)
    store = Store(settings.index_dir, settings.collection)
    key = store.keyword_key()
    folder = store.keyword_dir / key
    (folder / "format").write_text("0", encoding="utf-8")  # as a folder written by an older version
    assert keyword.Snapshot.load(store.keyword_dir, key) is None
    assert not keyword.Snapshot.exists(store.keyword_dir, key)
    Assistant(settings).ask(QUESTIONS[0])
    assert (folder / "format").read_text(encoding="utf-8") == keyword.FORMAT
    assert keyword.Snapshot.exists(store.keyword_dir, key)
