"""The eval set is true to the corpus, its scoring is format-tolerant, and the gate fails below a bar."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, run_cli

from assistant.evals.runner import check_thresholds, fact_in, load_cases


def test_eval_sets_are_exact_substrings_of_the_corpus():
    result = subprocess.run(
        [sys.executable, str(ROOT / "evals" / "check_datasets.py")], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_grounding_set_covers_every_kind_with_enough_cases():
    cases = load_cases(ROOT / "evals" / "grounding.jsonl")
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


def test_key_facts_match_across_formats():
    assert fact_in("6,000", "now numbering some 6000 fighters")
    assert fact_in("6000", "now numbering some 6,000 fighters")
    assert fact_in("December 2, 2022", "the attack of 2 December 2022")
    assert fact_in("six", "killing 6 people")
    assert fact_in("5 September", "on September 5 the embassy")
    assert not fact_in("7 September", "on September 5 the embassy")
    assert fact_in("Nizamani's residence", "at Ubaid-ur-Rehman Nizamani’s residence inside")  # ’ vs '


def test_thresholds_gate_both_directions():
    assert (
        check_thresholds(
            {"key_fact_recall": 0.8, "max_refused_answerable": 0.02},
            {"key_fact_recall": 0.75, "max_refused_answerable": 0.05},
        )
        == []
    )
    misses = check_thresholds(
        {"key_fact_recall": 0.7, "max_refused_answerable": 0.1},
        {"key_fact_recall": 0.75, "max_refused_answerable": 0.05},
    )
    assert len(misses) == 2


def test_eval_command_writes_reports_and_fails_below_a_bar(tmp_path, built_index):
    small = tmp_path / "small.jsonl"
    lines = [
        line
        for line in (ROOT / "evals" / "grounding.jsonl").read_text(encoding="utf-8").splitlines()
        if '"factual-01"' in line or '"unanswerable-02"' in line
    ]
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    result = run_cli("--index", str(built_index), "eval", "--set", str(small), "--report", str(report))
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert {c["id"] for c in data["cases"]} == {"factual-01", "unanswerable-02"}
    assert data["metrics"]["citation_validity"] == 1.0
    assert report.with_suffix(".md").read_text(encoding="utf-8").startswith("# Grounding eval")
    assert result.returncode == (0 if data["passed"] else 1)


def test_missing_eval_set_is_one_line(tmp_path, built_index):
    result = run_cli("--index", str(built_index), "eval", "--set", str(tmp_path / "none.jsonl"))
    assert result.returncode == 2 and "No such eval set" in result.stderr
