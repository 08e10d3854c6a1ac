"""Server mode: a real `chroma run` behind a real nginx that checks a token, both on free ports, stopped by PID.

Chroma 1.x's own server accepts and ignores auth settings (chroma-core/chroma#4965), so a shared index sits
behind a proxy. nginx here listens twice: one port checks `X-Chroma-Token`, the other
`Authorization: Bearer`, so the header choice is tested, not just the token.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import CANONICAL, CORPUS, ROOT, run_cli

TOKEN = "t0ken-" + os.urandom(6).hex()
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CHROMA = str(Path(sys.executable).parent / "chroma")


# chromadb keeps one client system per folder per process and refuses a second with other settings: tests
# that open an index in-process use the store's own settings.
def _same_as_store():
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, headers: dict[str, str] | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=2):
                return
        except urllib.error.HTTPError:
            return  # something answers HTTP: up
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class ChromaServer:
    """`chroma run` on a free port with its own data folder; restartable on the same port and data."""

    def __init__(self, data: Path, log: Path):
        self.data, self.log, self.port = data, log, free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [CHROMA, "run", "--path", str(self.data), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_http(f"http://127.0.0.1:{self.port}/api/v2/heartbeat")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            self.proc.wait(timeout=30)


class Nginx:
    """nginx in the foreground (no master, no root paths): token check, then proxy to chroma."""

    def __init__(self, prefix: Path, upstream: int):
        self.prefix, self.upstream = prefix, upstream
        self.token_port, self.bearer_port = free_port(), free_port()
        (prefix / "tmp").mkdir(parents=True)
        self.conf = prefix / "nginx.conf"
        self.conf.write_text(self._config())
        self.proc: subprocess.Popen | None = None

    def _server(self, port: int, check: str) -> str:
        return f"""
  server {{
    listen 127.0.0.1:{port};
    location / {{
      if ({check}) {{ return 401; }}
      proxy_pass http://127.0.0.1:{self.upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout 300s;
    }}
  }}"""

    def _config(self) -> str:
        p = self.prefix
        temps = "\n".join(
            f"  {name}_temp_path {p}/tmp/{name};"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        return f"""daemon off;
master_process off;
worker_processes 1;
pid {p}/nginx.pid;
error_log {p}/error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_max_body_size 0;
{temps}
{self._server(self.token_port, f'$http_x_chroma_token != "{TOKEN}"')}
{self._server(self.bearer_port, f'$http_authorization != "Bearer {TOKEN}"')}
}}
"""

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [NGINX, "-p", str(self.prefix), "-c", str(self.conf), "-e", str(self.prefix / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=open(self.prefix / "stderr.log", "wb"),  # noqa: SIM115
        )
        wait_http(f"http://127.0.0.1:{self.token_port}/", timeout=20)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: run `make system-deps` (Makefile DEB_PACKAGES)")
    root = tmp_path_factory.mktemp("server")
    chroma = ChromaServer(root / "chroma-data", root / "chroma.log")
    chroma.start()
    nginx = Nginx(root / "nginx", chroma.port)
    nginx.start()
    yield chroma, nginx
    nginx.stop()
    chroma.stop()


def cli(url: str, *args: str, token: str | None = TOKEN, header: str | None = None, **kwargs):
    env = {"ASSISTANT_CHROMA_TOKEN": token or ""}
    if header:
        env["ASSISTANT_CHROMA_AUTH_HEADER"] = header
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return run_cli("--chroma-url", url, *args, **kwargs)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def assert_one_line_error(result, *needles: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert TOKEN not in result.stdout + result.stderr


def server_ids(port: int, collection: str = "articles") -> set[str]:
    """Every record id of `collection`."""
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=port)
    return set(client.get_collection(collection).get(include=[])["ids"])


def embedded_ids(index: Path, collection: str = "articles") -> set[str]:
    import chromadb

    client = chromadb.PersistentClient(str(index), settings=_same_as_store())
    return set(client.get_collection(collection).get(include=[])["ids"])


def check_citations(answer: dict, corpus: Path = CORPUS) -> None:
    assert answer["refused"] is False and answer["citations"]
    for c in answer["citations"]:
        text = (corpus / c["source"]).read_bytes().decode("utf-8")
        assert text[c["start"] : c["end"]] == c["quote"]


def test_right_token_ingests_and_answers_with_verbatim_citations(server, built_index):
    chroma, nginx = server
    url = f"http://127.0.0.1:{nginx.token_port}"
    result = cli(url, "ingest")
    assert result.returncode == 0, result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert server_ids(chroma.port) == embedded_ids(built_index), "server build equals the embedded build"

    result = cli(url, "ask", "--json", CANONICAL)
    assert result.returncode == 0, result.stderr
    check_citations(json.loads(result.stdout))

    # the keyword index's version is a content key: the same corpus gives the same key anywhere
    import chromadb

    served = chromadb.HttpClient(host="127.0.0.1", port=chroma.port).get_collection("articles").metadata
    local = (
        chromadb.PersistentClient(str(built_index), settings=_same_as_store())
        .get_collection("articles")
        .metadata
    )
    assert served["keyword_key"] and served["keyword_key"] == local["keyword_key"]


def test_bearer_header_is_the_users_choice(server):
    chroma, nginx = server
    bearer_url = f"http://127.0.0.1:{nginx.bearer_port}"
    assert cli(bearer_url, "ingest", header="Authorization").returncode == 0  # idempotent
    ok = cli(bearer_url, "sources", header="Authorization")
    assert ok.returncode == 0, ok.stderr
    assert "000_e903f09e4eb0f2bc.txt" in ok.stdout
    # the same token in the other header is refused by the proxy that checks Authorization
    assert_one_line_error(
        cli(bearer_url, "sources", header="X-Chroma-Token"), "refused the credentials", "401"
    )


@pytest.mark.parametrize("command", [["sources"], ["ask", CANONICAL], ["ingest"]])
@pytest.mark.parametrize("token", ["wrong-token", None], ids=["wrong", "missing"])
def test_wrong_or_missing_token_is_refused_in_one_line(server, command, token):
    _, nginx = server
    result = cli(f"http://127.0.0.1:{nginx.token_port}", *command, token=token)
    assert_one_line_error(result, "refused the credentials")
    assert "wrong-token" not in result.stderr


def test_chat_and_eval_run_against_the_server(server):
    chroma, nginx = server
    url = f"http://127.0.0.1:{nginx.token_port}"
    assert cli(url, "ingest").returncode == 0
    chat = cli(url, "chat", input=CANONICAL + "\n")
    assert chat.returncode == 0, chat.stderr
    first = json.loads(chat.stdout.splitlines()[0])
    check_citations(first)
    assert TOKEN not in chat.stdout + chat.stderr

    cases = CORPUS.parent / "evals" / "suites" / "bundled" / "dev.jsonl"
    one = cases.read_text().splitlines()[0]
    case_file = chroma.log.parent / "one-case.jsonl"
    case_file.write_text(one + "\n")
    result = cli(url, "eval", "--set", str(case_file), "--report", str(chroma.log.parent / "r.json"))
    assert result.returncode in (0, 1), result.stderr  # 1 would be a missed bar, not a failure to run
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr


def test_server_down_gives_one_line():
    url = f"http://127.0.0.1:{free_port()}"
    for command in (["ingest"], ["ask", CANONICAL], ["sources"]):
        assert_one_line_error(cli(url, *command), "not reachable")


def test_server_stopping_mid_ingest_then_resume_equals_a_clean_build(tmp_path, corpus_copy):
    """Chroma stops while documents are written: one line and a non-zero exit; once it is back, the same
    command completes and the collection holds exactly the clean build's ids."""
    chroma = ChromaServer(tmp_path / "data", tmp_path / "chroma.log")
    chroma.start()
    url = f"http://127.0.0.1:{chroma.port}"
    try:
        env = {**os.environ, "NO_COLOR": "1", "ASSISTANT_CHROMA_URL": url}
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "ingest", str(corpus_copy)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        import chromadb

        client = chromadb.HttpClient(host="127.0.0.1", port=chroma.port)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:  # stop it once writing has begun
            names = [c.name for c in client.list_collections()]
            if names and client.get_collection(names[0]).count() > 0:
                break
            time.sleep(0.05)
        chroma.stop(signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
        if proc.returncode == 0:
            pytest.skip("the ingest finished before the server stopped (machine too fast to interrupt)")
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "Chroma server" in lines[0], err
        assert "Traceback" not in err and "unexpected" not in err

        chroma.start()  # same port, same data
        again = run_cli("--chroma-url", url, "ingest", str(corpus_copy))
        assert again.returncode == 0, again.stderr
        names = [c.name for c in chromadb.HttpClient(host="127.0.0.1", port=chroma.port).list_collections()]
        assert len(names) == 1, names
        name = names[0]
        clean = run_cli("--index", str(tmp_path / "clean"), "ingest", str(corpus_copy))
        assert clean.returncode == 0, clean.stderr
        assert server_ids(chroma.port, name) == embedded_ids(tmp_path / "clean", name)
    finally:
        chroma.stop(signal.SIGKILL)


def test_server_stopping_mid_ask_gives_one_line(tmp_path, server):
    """Stop the proxy at moments spread over an ask: each run either answers (exit 0, verbatim citations)
    or prints one line and exits non-zero."""
    chroma, nginx = server
    url = f"http://127.0.0.1:{nginx.token_port}"
    assert cli(url, "ingest").returncode == 0
    outcomes = []
    for delay in (0.3, 0.9, 1.5):
        env = {**os.environ, "NO_COLOR": "1", "ASSISTANT_CHROMA_TOKEN": TOKEN}
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "--chroma-url", url, "ask", "--json", CANONICAL],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        nginx.stop()
        out, err = proc.communicate(timeout=120)
        nginx.start()
        if proc.returncode == 0:
            check_citations(json.loads(out))
            outcomes.append("answered")
        else:
            lines = err.strip().splitlines()
            assert len(lines) == 1 and "Chroma server" in lines[0], err
            assert "Traceback" not in err and "unexpected" not in err
            outcomes.append("one line")
    assert "one line" in outcomes, outcomes


def test_a_chat_client_follows_an_edit_on_the_server(tmp_path, corpus_copy):
    """Server mode keeps each client's BM25 in its own cache, keyed to the collection's version: an edit
    that keeps the chunk count, ingested by another process, reaches the open client's next answer."""
    chroma = ChromaServer(tmp_path / "data", tmp_path / "chroma.log")
    chroma.start()
    url = f"http://127.0.0.1:{chroma.port}"
    try:
        from assistant.api import Assistant
        from assistant.settings import load_settings

        def ingest() -> None:
            done = run_cli("--chroma-url", url, "--collection", "edits", "ingest", str(corpus_copy))
            assert done.returncode == 0, done.stderr

        ingest()
        assistant = Assistant(load_settings(chroma_url=url, collection="edits", home=tmp_path / "home"))
        question = "Which countries' diplomatic sites has ISKP threatened to attack?"
        assert not any("Norway" in c.quote for c in assistant.ask(question).citations)
        edit_same_length(corpus_copy / EDITED, "and Iran, among", "and Norway, among")
        ingest()
        after = assistant.ask(question)
        assert any("Norway" in c.quote for c in after.citations), after.answer
        assert assistant.retriever.keyword_index.search("Norway", 3)[0].source == EDITED
        assert list((tmp_path / "home" / "keyword-cache").glob("*/*/context.pickle")), "client cache kept"
    finally:
        chroma.stop(signal.SIGKILL)


EDITED = "004_652f748723ad7994.txt"


def edit_same_length(path: Path, old: str, new: str) -> None:
    """An edit that keeps the word count, so chunking (and the chunk count) stay the same."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1 and len(old.split()) == len(new.split())
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_database_setting_keeps_teams_apart_and_a_missing_one_is_named(server, monkeypatch):
    _, nginx = server
    url = f"http://127.0.0.1:{nginx.token_port}"
    monkeypatch.setenv("ASSISTANT_CHROMA_DATABASE", "team-b")
    missing = cli(url, "sources")
    assert_one_line_error(missing, "no database 'team-b'", "ASSISTANT_CHROMA_DATABASE")
    made = cli(url, "ingest")  # ingest creates the database it is told to use
    assert made.returncode == 0, made.stderr
    listed = cli(url, "sources")
    assert listed.returncode == 0 and "000_e903f09e4eb0f2bc.txt" in listed.stdout
