"""A new user's path with their own articles: `init`, `--corpus` (its own collection), sources.json (dates in
common formats, url shown), a deleted file still indexed until --prune; and what that user hit on screen:
terminal-width wrapping, no padded piped output, indented closest passages, no doubled quote marks, the
articles' own footnote markers set apart from ours, `^C` apart from "(answer cancelled)", file names whole
in `sources` at 80 columns, the eval's by-kind table whole at 80 columns."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from rich.console import Console

from assistant.evals.report import EvalReport, HalfReport, SuiteReport
from assistant.ingestion.load import read_aliases
from assistant.render import print_answer, print_eval_report
from assistant.schema import Answer, AnswerSentence, Citation
from assistant.settings import corpus_collection

# Five short articles on a topic far from the bundled corpus, written for these tests.
ARTICLES = {
    "bridge-closure.txt": (
        "Old Mill Bridge closes for repairs\n\n"
        "The Old Mill Bridge over the Kessel River closed to traffic on 4 March 2024 after inspectors found "
        "corroded steel in two of its supports.\n"
        "City engineer Marta Velasquez said the bridge carried about 18,000 vehicles a day before the "
        "closure.\n"
        "Buses on routes 7 and 12 now take a detour through the Harlow district, adding roughly 15 minutes "
        "to each trip.\n"
    ),
    "repair-contract.txt": (
        "Council awards bridge repair contract\n\n"
        "The city council voted 9 to 2 to award the Old Mill Bridge repair contract to Brenner Construction.\n"
        "The contract is worth $14.5 million and includes replacing all four steel supports.\n"
        "Councillor Ruth Okafor, who voted against the contract, said the cost estimate had doubled since "
        "2022.\n"
    ),
    "river-ferry.txt": (
        "Ferry returns to the Kessel River\n\n"
        "A passenger ferry began running between Mill Street and the Harlow pier on 18 March 2024 while "
        "the bridge is closed.\n"
        "The ferry, named Kessel Queen, carries up to 120 passengers and crosses the river in six minutes.\n"
        "Tickets cost two dollars, and cyclists may bring their bikes on board at no charge.\n"
    ),
    "shop-owners.txt": (
        "Shop owners near the bridge count their losses\n\n"
        "Shops on Mill Street say trade has fallen since the bridge closed.\n"
        "Bakery owner Tomasz Lind said his sales dropped by 30 percent in the first month of the closure.\n"
        "The local business association asked the council for a rent relief fund to help owners through "
        "the repairs.\n"
    ),
    "reopening-date.txt": (
        "Bridge to reopen next spring\n\n"
        "Brenner Construction expects the Old Mill Bridge to reopen in April 2025, the company said in a "
        "statement.\n"
        "Work on the new supports will run around the clock during the summer, when the river is at its "
        "lowest.\n"
        "Engineers will load-test the repaired bridge with twelve trucks before it carries traffic again.\n"
    ),
}
SOURCES = {
    "bridge-closure.txt": {
        "author": "Dana Pruitt",
        "date": "March 5, 2024",
        "url": "https://news.example/bridge",
    },
    "repair-contract.txt": {"author": None, "date": "2024/03/12", "url": None},
    "river-ferry.txt": {"date": "18 Mar 2024", "publisher": "Harlow Gazette"},
}


def write_small_corpus(folder: Path) -> Path:
    """The five articles, and the sources.json `assistant init` started, filled in by hand."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = run_cli("init", str(folder))
    assert result.returncode == 0, result.stderr
    listing = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    for name, fields in SOURCES.items():
        listing[name].update(fields)
    (folder / "sources.json").write_text(json.dumps(listing, indent=2), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def own_corpus(tmp_path_factory) -> tuple[Path, Path]:
    """(corpus folder, index folder) with the small corpus ingested through `--corpus`."""
    base = tmp_path_factory.mktemp("own")
    folder = write_small_corpus(base / "bridge-news")
    index = base / "index"
    result = run_cli("--index", str(index), "--corpus", str(folder), "ingest")
    assert result.returncode == 0, result.stderr
    return folder, index


# -- init ------------------------------------------------------------------------------------------------------
def test_init_writes_skeletons_and_later_adds_entries_without_touching_edits(tmp_path):
    folder = tmp_path / "mine"
    result = run_cli("init", str(folder))
    assert result.returncode == 0, result.stderr
    assert f"wrote {folder / 'sources.json'}" in result.stdout and "--corpus" in result.stdout
    listing = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    assert "null" in listing["_about"] and "url" in listing["_about"]
    assert listing["example-article.txt"] == {
        "title": None, "author": None, "publisher": None, "date": None, "url": None
    }  # fmt: skip
    assert read_aliases([folder]) == {}  # corpus.toml holds an empty [aliases] table
    assert "[aliases]" in (folder / "corpus.toml").read_text(encoding="utf-8")

    (folder / "a.txt").write_text("An article.\n", encoding="utf-8")
    (folder / "corpus.toml").write_text('[aliases]\nUN = ["U.N."]\n', encoding="utf-8")
    result = run_cli("init", str(folder))
    assert result.returncode == 0 and "added 1 entries" in result.stdout
    listing = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    assert "a.txt" in listing and "example-article.txt" not in listing  # the untouched example made way
    assert read_aliases([folder]) == {"UN": ["U.N."]}  # kept as the user wrote it


def test_init_on_a_file_is_one_line_exit_2(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = run_cli("init", str(target))
    assert result.returncode == 2 and result.stderr.strip() == f"error: {target} is a file, not a folder"


# -- --corpus and sources.json ---------------------------------------------------------------------------------
def test_corpus_gets_its_own_collection_with_dates_as_iso_and_urls(own_corpus):
    folder, index = own_corpus
    result = run_cli("--index", str(index), "--corpus", str(folder), "sources", "--json")
    assert result.returncode == 0, result.stderr
    by_name = {s["source"]: s for s in json.loads(result.stdout)}
    assert set(by_name) == set(ARTICLES)
    assert by_name["bridge-closure.txt"]["date"] == "2024-03-05"  # "March 5, 2024"
    assert by_name["repair-contract.txt"]["date"] == "2024-03-12"  # "2024/03/12"
    assert by_name["river-ferry.txt"]["date"] == "2024-03-18"  # "18 Mar 2024"
    assert by_name["bridge-closure.txt"]["url"] == "https://news.example/bridge"
    assert by_name["bridge-closure.txt"]["author"] == "Dana Pruitt"
    assert by_name["river-ferry.txt"]["publisher"] == "Harlow Gazette"
    # null falls back to the article itself: its first line is the headline
    assert by_name["repair-contract.txt"]["title"] == "Council awards bridge repair contract"
    assert corpus_collection(folder) != "articles"
    # The default collection ("articles") was never written into: the corpus has its own.
    other = run_cli("--index", str(index), "sources")
    assert other.returncode != 0 and "articles" in other.stderr


def test_citation_and_sources_show_the_url(own_corpus):
    folder, index = own_corpus
    question = "How many vehicles a day did the Old Mill Bridge carry?"
    result = run_cli("--index", str(index), "--corpus", str(folder), "ask", question, "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert not answer["refused"] and "18,000" in answer["answer"]
    assert answer["citations"][0]["url"] == "https://news.example/bridge"
    shown = run_cli("--index", str(index), "--corpus", str(folder), "ask", question)
    assert "https://news.example/bridge" in shown.stdout
    listing = run_cli("--index", str(index), "--corpus", str(folder), "sources")
    assert "https://news.example/bridge" in listing.stdout


def test_reingest_after_deleting_a_file_says_it_is_still_indexed(tmp_path):
    folder = write_small_corpus(tmp_path / "c")
    index = tmp_path / "index"
    assert run_cli("--index", str(index), "--corpus", str(folder), "ingest").returncode == 0
    (folder / "shop-owners.txt").unlink()
    result = run_cli("--index", str(index), "--corpus", str(folder), "ingest")
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "shop-owners.txt" in line)
    assert "still indexed" in line and "--prune" in line
    pruned = run_cli("--index", str(index), "--corpus", str(folder), "ingest", "--prune")
    assert pruned.returncode == 0 and "still indexed" not in pruned.stdout
    listing = run_cli("--index", str(index), "--corpus", str(folder), "sources", "--json")
    assert "shop-owners.txt" not in {s["source"] for s in json.loads(listing.stdout)}


# -- what a new user hit on screen ------------------------------------------------------------------------------
def _cli(*args: str, columns: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True, env=env, cwd=ROOT
    )


def test_piped_output_is_not_padded_and_closest_passages_are_indented(built_index):
    result = _cli("--index", str(built_index), "ask", "How many people died at the Longan Hotel?", columns=80)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line != line.rstrip()]  # no trailing spaces on any line
    closest = lines[lines.index("Closest passages") + 1 :]
    assert len(closest) >= 4 and closest[0].startswith("• ")
    assert all(line.startswith(("• ", "  ")) for line in closest)  # every continuation line indented


def _answer(quote: str) -> Answer:
    citation = Citation(1, "a.txt", "A title", None, None, 3, 0, len(quote), quote, "c1", 1.0)
    return Answer("q?", "q?", "A sentence [1].", False, [AnswerSentence("A sentence", [1], 1.0)], [citation])


def _render(answer: Answer, width: int = 100) -> str:
    buffer = io.StringIO()
    print_answer(Console(file=buffer, width=width, color_system=None), answer)
    return buffer.getvalue()


def test_a_quote_that_opens_with_a_quote_mark_is_not_double_quoted():
    quote = "“All the neighboring countries have concluded that,” Rubin said."
    out = _render(_answer(quote))
    assert "““" not in out and "“All the neighboring" in out
    assert "“A plain sentence.”" in _render(_answer("A plain sentence."))


def test_the_articles_own_footnote_markers_are_not_shown_as_ours():
    answer = _answer("DAESH also attacked the Russian Embassy in Kabul on September 6, 2022.[2]")
    out = _render(answer)
    assert "2022.⁽²⁾" in out and "2022.[2]" not in out
    assert answer.citations[0].quote.endswith("2022.[2]")  # the citation's data stays verbatim


def test_sources_at_80_columns_keeps_file_names_whole(built_index, own_corpus):
    result = _cli("--index", str(built_index), "sources", columns=80)
    assert result.returncode == 0, result.stderr
    assert all(f"{name}" in result.stdout for name in os.listdir(ROOT / "corpus") if name.endswith(".txt"))
    folder, index = own_corpus
    long_names = folder.parent / "long"
    long_names.mkdir(exist_ok=True)
    name = "a-rather-long-article-file-name-about-the-old-mill-bridge-closure.txt"
    (long_names / name).write_text(ARTICLES["bridge-closure.txt"], encoding="utf-8")
    assert run_cli("--index", str(index), "--corpus", str(long_names), "ingest").returncode == 0
    result = _cli("--index", str(index), "--corpus", str(long_names), "sources", columns=80)
    assert name in result.stdout and "Old Mill Bridge closes for repairs" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_eval_by_kind_table_at_80_columns_keeps_headers_and_kinds():
    kinds = ["comparison", "false_premise", "follow_up", "multi_doc", "unanswerable", "injection"]
    metrics = {"cases": 3, "key_fact_recall": 0.5, "max_answerable_refused": 0.0}
    half = HalfReport("dev", "dev.jsonl", metrics, {k: metrics for k in kinds}, {}, False, [], [])
    buffer = io.StringIO()
    print_eval_report(Console(file=buffer, width=80, color_system=None), EvalReport("extractive", [
        SuiteReport("mine", "", "corpus", "articles", [half])
    ]))  # fmt: skip
    out = buffer.getvalue()
    assert "…" not in out and all(k in out for k in kinds)
    assert all(len(line) <= 80 for line in out.splitlines())


# -- the terminal chat, through a pseudo-terminal ----------------------------------------------------------------
def _plain(screen: str) -> str:
    """Terminal output without its escape sequences (colours, cursor moves)."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)


def _spawn_chat(index: Path, columns: int, *args: str, env: dict[str, str] | None = None):
    import pexpect

    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm-256color", **(env or {})}
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "assistant.cli", "--index", str(index), "chat", *args],
        env=env,
        cwd=ROOT,
        encoding="utf-8",
        timeout=90,
        dimensions=(50, columns),
        # A test run started in the background (`cmd &`) inherits SIGINT ignored, and Python then never
        # installs its Ctrl-C handler: the child gets the default back, as a terminal's program has it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def test_chat_wraps_at_the_terminal_width(built_index):
    import pexpect

    child = _spawn_chat(built_index, 120)
    try:
        child.expect("/help lists commands")
        child.expect("»")
        child.sendline("Which Pakistani diplomat did ISKP try to assassinate?")
        child.expect("Sources")
        child.expect("»")
        lines = [line.rstrip("\r") for line in _plain(child.before).split("\n")]
        assert max(len(line) for line in lines) > 80  # wrapped at 120 columns, not 80
        assert max(len(line) for line in lines) <= 120
        child.sendeof()
        child.expect(pexpect.EOF, timeout=30)
    finally:
        child.close(force=True)


class _Stalled(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint that takes the request and does not answer for a minute: an answer
    in progress for as long as the test needs, with no timing guess."""

    received = threading.Event()

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        _Stalled.received.set()
        time.sleep(60)

    def log_message(self, *args):
        pass


def _expect_or_dump_stacks(child, pattern: str) -> None:
    """Seen once in CI (not reproduced in 20+ runs): Ctrl-C got no answer for 90 s. If it happens again,
    the failure shows where each of the chat's threads was."""
    import signal

    import pexpect

    try:
        child.expect(pattern)
    except pexpect.TIMEOUT:
        os.kill(child.pid, signal.SIGABRT)
        child.expect(pexpect.EOF, timeout=30)
        pytest.fail(f"no {pattern!r} within {child.timeout} s; the chat's threads:\n{_plain(child.before)}")


def test_a_cancelled_answer_prints_its_notice_apart_from_the_echoed_ctrl_c(built_index):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stalled)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Stalled.received.clear()
    env = {"OPENAI_BASE_URL": f"http://127.0.0.1:{server.server_address[1]}/v1", "OPENAI_API_KEY": "test"}
    env["PYTHONFAULTHANDLER"] = "1"  # a hang below is failed with every thread's stack (SIGABRT)
    child = _spawn_chat(built_index, 100, "--backend", "openai", env=env)
    try:
        child.expect("/help lists commands")
        child.expect("»")
        child.sendline("Which Pakistani diplomat did ISKP try to assassinate?")
        assert _Stalled.received.wait(60)  # the answer is waiting on the endpoint
        child.sendintr()
        _expect_or_dump_stacks(child, "answer cancelled")
        # The terminal echoes ^C; our text starts on the next line, not glued to it.
        assert _plain(child.before).endswith("^C\r\n(")
        child.expect("»")  # the session goes on
    finally:
        child.close(force=True)
        server.shutdown()
        server.server_close()
