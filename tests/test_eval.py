"""Eval suites are true to their corpora, found by listing evals/suites, scored format-tolerantly, and
only their test halves gate the exit code."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, run_cli

from assistant.evals.metrics import CaseResult, aggregate, check_thresholds, dangling_markers, evidence_cited
from assistant.evals.runner import fact_in, load_cases
from assistant.evals.suites import EvalDataError, discover_suites
from assistant.ingestion.load import read_source_text
from assistant.schema import Answer, AnswerSentence, Citation

BUNDLED = ROOT / "evals" / "suites" / "bundled"
TINY_FILES = ("002_68bb592874c3ed1c.txt", "003_306954d01b6b8d0f.txt")
TINY_DEV = ("factual-01", "factual-02")
TINY_TEST = ("factual-03", "numeric-02", "unanswerable-02")


def bundled_case(case_id: str) -> dict:
    return next(c for c in load_cases(BUNDLED / "dev.jsonl") if c["id"] == case_id)


def write_suite(evals_dir: Path, name: str, *, dev=TINY_DEV, test=TINY_TEST, bars: str = "") -> Path:
    """A small suite over two bundled articles, with cases taken from the bundled dev half."""
    folder = evals_dir / "suites" / name
    (folder / "corpus").mkdir(parents=True, exist_ok=True)
    for f in TINY_FILES:
        shutil.copyfile(CORPUS / f, folder / "corpus" / f)
    (folder / "suite.toml").write_text(
        f'name = "{name}"\ndescription = "two bundled articles"\ncorpus = "corpus"\n', encoding="utf-8"
    )
    lines = {c["id"]: json.dumps(c) for c in load_cases(BUNDLED / "dev.jsonl")}
    for half, ids in (("dev", dev), ("test", test)):
        (folder / f"{half}.jsonl").write_text("".join(lines[i] + "\n" for i in ids), encoding="utf-8")
    (folder / "thresholds.toml").write_text(bars, encoding="utf-8")
    return folder


# -- data ---------------------------------------------------------------------------------------------------
def test_eval_sets_are_exact_substrings_of_the_corpus():
    result = subprocess.run(
        [sys.executable, str(ROOT / "evals" / "check_datasets.py")], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_checker_names_file_and_line_of_each_problem(tmp_path):
    folder = write_suite(tmp_path, "broken", dev=("factual-01",), test=("factual-01",), bars="[test]\n")
    with (folder / "test.jsonl").open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    result = subprocess.run(
        [sys.executable, str(ROOT / "evals" / "check_datasets.py"), "--suites", str(tmp_path / "suites")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert f"{folder / 'test.jsonl'}:1 [factual-01]: duplicate id (first at {folder / 'dev.jsonl'}:1)" in (
        result.stdout
    )
    assert f"{folder / 'test.jsonl'}:2: bad JSON" in result.stdout


def test_bundled_dev_half_covers_every_kind_with_enough_cases():
    cases = load_cases(BUNDLED / "dev.jsonl")
    kinds = {c["kind"] for c in cases}
    assert len(cases) >= 50
    assert kinds >= {
        "factual",
        "why",
        "numeric",
        "date",
        "multi_doc",
        "comparison",
        "conflict",
        "unanswerable",
        "false_premise",
        "injection",
        "follow_up",
    }
    assert sum(not c["answerable"] for c in cases) >= 8
    assert sum(bool(c.get("turns")) for c in cases) >= 3


# -- suites -------------------------------------------------------------------------------------------------
def test_suites_are_discovered_by_listing_suite_toml(tmp_path):
    bundled = discover_suites(ROOT / "evals")[0]
    assert bundled.name == "bundled" and bundled.corpus == CORPUS.resolve()
    assert bundled.thresholds()["test"], "the bundled test half must be gated"

    write_suite(tmp_path, "zeta")
    write_suite(tmp_path, "alpha")
    (tmp_path / "suites" / "not-a-suite").mkdir()  # no suite.toml: ignored
    assert [s.name for s in discover_suites(tmp_path)] == ["alpha", "zeta"]

    shutil.rmtree(tmp_path / "suites" / "zeta" / "corpus")
    with pytest.raises(EvalDataError, match=r"zeta/suite\.toml: corpus folder"):
        discover_suites(tmp_path)


def test_unknown_suite_exits_2_with_one_line(tmp_path):
    result = run_cli("--index", str(tmp_path / "index"), "eval", "--suite", "no-such-suite")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no-such-suite" in lines[0] and "bundled" in lines[0]


def test_malformed_or_missing_case_file_exits_2_naming_it(tmp_path):
    folder = write_suite(tmp_path, "broken", bars="[test]\n")
    (folder / "test.jsonl").write_text('{"id": "a", "question": "q?"}\n{oops\n', encoding="utf-8")
    result = run_cli("--index", str(tmp_path / "index"), "eval", "--suite", str(folder))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {folder / 'test.jsonl'}:2: not valid JSON (Expecting property name enclosed in double quotes)"
    ]

    (folder / "dev.jsonl").unlink()
    result = run_cli("--index", str(tmp_path / "index"), "eval", "--suite", str(folder), "--half", "dev")
    assert (
        result.returncode == 2 and result.stderr.strip() == f"error: No such eval set: {folder / 'dev.jsonl'}"
    )


# -- metrics ------------------------------------------------------------------------------------------------
def _citation(n: int, source: str, start: int, end: int) -> Citation:
    text = read_source_text(CORPUS / source)
    return Citation(n, source, "title", None, None, 1, start, end, text[start:end], f"chunk-{n}", 0.0)


def _answer(text: str, citations: list[Citation]) -> Answer:
    sentences = [AnswerSentence(text, [c.n for c in citations], 1.0)]
    return Answer("q?", "q?", text, False, sentences, citations)


def test_evidence_cited_needs_a_citation_overlapping_an_evidence_span():
    case = bundled_case("factual-01")
    source = case["evidence_sources"][0]
    text = read_source_text(CORPUS / source)
    start = text.find(case["evidence"][0])
    end = start + len(case["evidence"][0])
    texts = {source: text}
    assert start > 100

    assert evidence_cited(_answer("a [1]", [_citation(1, source, start - 20, start + 5)]), case, texts)
    two = [_citation(1, source, 0, 10), _citation(2, source, end - 1, end + 30)]
    assert evidence_cited(_answer("a [1] [2]", two), case, texts)
    assert not evidence_cited(
        _answer("a [1]", [_citation(1, source, end, end + 40)]), case, texts
    )  # [start, end)
    assert not evidence_cited(_answer("a [1]", [_citation(1, source, 0, start)]), case, texts)
    other = "003_306954d01b6b8d0f.txt"
    assert not evidence_cited(_answer("a [1]", [_citation(1, other, start, end)]), case, texts)  # other file
    assert not evidence_cited(Answer("q?", "q?", "The sources don't say.", True), case, texts)  # refused
    assert evidence_cited(_answer("a", []), bundled_case("unanswerable-02"), texts) is None  # not counted


def test_dangling_markers_are_markers_without_their_citation():
    source = TINY_FILES[0]
    one, two = _citation(1, source, 0, 10), _citation(2, source, 20, 30)
    assert dangling_markers(_answer("First [1]. Second [2].", [one, two])) == []
    assert dangling_markers(_answer("First [1]. Second [2]. Third [3][12].", [one, two])) == [3, 12]
    assert dangling_markers(_answer("Cited [2] only.", [one])) == [2]
    assert dangling_markers(Answer("q?", "q?", "Nothing here, [n] is not a marker.", True)) == []


def test_key_facts_match_across_formats():
    assert fact_in("6,000", "now numbering some 6000 fighters")
    assert fact_in("6000", "now numbering some 6,000 fighters")
    assert fact_in("December 2, 2022", "the attack of 2 December 2022")
    assert fact_in("six", "killing 6 people")
    assert fact_in("5 September", "on September 5 the embassy")
    assert not fact_in("7 September", "on September 5 the embassy")
    assert fact_in("Nizamani's residence", "at Ubaid-ur-Rehman Nizamani’s residence inside")  # ’ vs '
    assert fact_in("March 29", "the ship was freed on March 29th and is at anchor")  # an ordinal day


def test_thresholds_gate_both_directions():
    bars = {"key_fact_recall": 0.75, "max_answerable_refused": 0.05, "max_dangling_markers": 0}
    good = {"key_fact_recall": 0.8, "max_answerable_refused": 0.02, "max_dangling_markers": 0}
    assert check_thresholds(good, bars) == []
    misses = check_thresholds(
        {"key_fact_recall": 0.7, "max_answerable_refused": 0.1, "max_dangling_markers": 1}, bars
    )
    assert misses == [
        "key_fact_recall: 0.700 < 0.75",
        "max_answerable_refused: 0.100 > 0.05",
        "max_dangling_markers: 1 > 0",
    ]
    assert check_thresholds({}, {"mrr": 0.9}) == ["mrr: not measured (bar 0.9)"]


# -- the gate, end to end on a tiny suite ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """An evals folder holding one tiny suite (its own collection in its own index), no support set."""
    evals = tmp_path_factory.mktemp("evals")
    write_suite(evals, "tiny")
    return evals


def run_tiny(tiny: Path, monkeypatch, bars: str, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    monkeypatch.setenv("ASSISTANT_EVALS_DIR", str(tiny))
    (tiny / "suites" / "tiny" / "thresholds.toml").write_text(bars, encoding="utf-8")
    report = tiny / "reports" / "run.json"
    result = run_cli("--index", str(tiny / "index"), "eval", "--report", str(report), *args)
    assert result.returncode in (0, 1), result.stderr
    return result, json.loads(report.read_text(encoding="utf-8"))


def test_met_test_bars_exit_0_and_dev_is_never_gated(tiny, monkeypatch):
    bars = "[dev]\nkey_fact_recall = 1.01\n[test]\nevidence_recall_at_5 = 0.5\nmax_dangling_markers = 0\n"
    result, data = run_tiny(tiny, monkeypatch, bars)
    assert result.returncode == 0, result.stdout
    assert data["passed"] and data["support"]["metrics"] is None  # no evals/support.jsonl in this folder
    (suite,) = data["suites"]
    assert suite["name"] == "tiny" and suite["collection"] == "suite-tiny"
    dev, test = suite["halves"]["dev"], suite["halves"]["test"]
    assert [c["id"] for c in dev["cases"]] == list(TINY_DEV)
    assert [c["id"] for c in test["cases"]] == list(TINY_TEST)
    assert dev["misses"] == ["key_fact_recall: " + dev["misses"][0].split(": ", 1)[1]] and not dev["gated"]
    for half in (dev, test):
        for metric in (
            "evidence_cited",
            "why_key_fact_recall",
            "unanswerable_refused",
            "max_dangling_markers",
        ):
            assert metric in half["metrics"]
    assert test["metrics"]["citation_validity"] in (1.0, None)  # None: no citation at all
    assert test["metrics"]["unanswerable_refused"] is not None
    markdown = (tiny / "reports" / "run.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Grounding eval") and "## Suite `tiny`" in markdown
    assert "factual-01" in markdown and "factual-03" not in markdown  # test cases held out of the Markdown
    assert "PASS" in result.stdout


def test_a_missed_test_bar_exits_1_but_only_when_the_test_half_runs(tiny, monkeypatch):
    bars = "[test]\nkey_fact_recall = 1.01\n"
    result, data = run_tiny(tiny, monkeypatch, bars, "--suite", "tiny")
    assert result.returncode == 1
    assert not data["passed"] and data["misses"][0].startswith("tiny/test: key_fact_recall: ")
    assert "FAIL" in result.stdout and "tiny/test: key_fact_recall" in result.stdout

    result, data = run_tiny(tiny, monkeypatch, bars, "--half", "dev")
    assert result.returncode == 0 and list(data["suites"][0]["halves"]) == ["dev"]


def test_a_suite_collection_from_an_earlier_version_is_rebuilt_not_an_error(tiny, monkeypatch):
    """Only the eval writes a suite's collection, so one in an older layout is its job to rebuild."""
    from assistant.retrieval.store import LAYOUT, LAYOUT_KEY, Store

    bars = "[test]\nevidence_recall_at_5 = 0.5\n"
    run_tiny(tiny, monkeypatch, bars)  # builds suite-tiny
    store = Store(tiny / "index", "suite-tiny")
    store.collection.modify(metadata={**(store.collection.metadata or {}), LAYOUT_KEY: "chunks-only"})
    del store
    result, data = run_tiny(tiny, monkeypatch, bars)
    assert result.returncode == 0, result.stdout + result.stderr
    assert data["passed"] and data["suites"][0]["halves"]["test"]["cases"]
    assert Store(tiny / "index", "suite-tiny").collection.metadata[LAYOUT_KEY] == LAYOUT  # rebuilt


def test_set_file_runs_against_the_current_collection(tmp_path, built_index, monkeypatch):
    monkeypatch.setenv("ASSISTANT_EVALS_DIR", str(tmp_path))
    small = tmp_path / "small.jsonl"
    lines = [
        line
        for line in (BUNDLED / "dev.jsonl").read_text(encoding="utf-8").splitlines()
        if '"factual-01"' in line or '"unanswerable-02"' in line
    ]
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    result = run_cli("--index", str(built_index), "eval", "--set", str(small), "--report", str(report))
    assert result.returncode == 0, result.stderr  # a --set file has no bars
    data = json.loads(report.read_text(encoding="utf-8"))
    (suite,) = data["suites"]
    assert suite["collection"] == "articles"
    assert {c["id"] for c in suite["halves"]["set"]["cases"]} == {"factual-01", "unanswerable-02"}
    assert suite["halves"]["set"]["metrics"]["citation_validity"] in (1.0, None)  # None: nothing cited
    assert not suite["halves"]["set"]["gated"] and data["passed"]


def test_missing_eval_set_is_one_line(tmp_path, built_index):
    result = run_cli("--index", str(built_index), "eval", "--set", str(tmp_path / "none.jsonl"))
    assert (
        result.returncode == 2
        and result.stderr.strip() == f"error: No such eval set: {tmp_path / 'none.jsonl'}"
    )


def test_wrong_among_answered_counts_answers_to_unanswerable_and_answers_missing_every_fact():
    def case(answerable: bool, refused: bool, hit: list[str], missed: list[str], cited: bool | None):
        return CaseResult(
            "c", "factual", "q", "q", answerable, refused, "a", [], hit, missed, evidence_cited=cited
        )

    results = [
        case(True, False, ["6,000"], [], True),  # right
        case(True, False, [], ["6,000"], False),  # answered without the fact or its evidence: wrong
        case(True, False, [], ["6,000"], True),  # cites the evidence, says it otherwise: not counted wrong
        case(False, False, [], [], None),  # an unanswerable question answered: wrong
        case(False, True, [], [], None),  # refused: not an answer, not counted
        case(True, False, [], [], None),  # nothing to judge it by: left out
    ]
    assert aggregate(results)["max_wrong_among_answered"] == 0.5  # 2 wrong of the 4 judged answers
