"""The CI job page's verdict ($GITHUB_STEP_SUMMARY): one table of the report, with what changed against a
baseline. Its own module: it reads both the report and the baseline diff, and the diff reads the report, so
in report.py it made an import circle."""

from __future__ import annotations

from assistant.evals.baseline import BaselineDiff, failure_kind
from assistant.evals.report import EvalReport, bar_text, fmt

SUMMARY_COLUMNS = (
    ("key facts", "key_fact_recall"),
    ("evidence@5", "evidence_recall_at_5"),
    ("evidence cited", "evidence_cited"),
    ("unanswerable refused", "unanswerable_refused"),
    ("answerable refused", "max_answerable_refused"),
    ("wrong among answered", "max_wrong_among_answered"),
    ("citation validity", "citation_validity"),
)


def summary_markdown(report: EvalReport, baseline: BaselineDiff | None = None) -> str:
    """A short Markdown verdict for a CI job page ($GITHUB_STEP_SUMMARY): one row per suite and half, the
    missed bars, and what changed against a baseline. Case ids only: answers stay in the JSON report."""
    passed = report.passed and (baseline is None or baseline.passed)
    lines = [f"## Grounding eval: {'PASS' if passed else 'FAIL'} ({report.backend})", ""]
    for miss in report.misses:
        lines.append(f"- bar missed: {miss}")
    if baseline is not None:
        lines += [f"- regression against the baseline: {r}" for r in baseline.regressions]
    if report.misses or (baseline is not None and baseline.regressions):
        lines.append("")
    head = ["suite / half", "cases", *(t for t, _ in SUMMARY_COLUMNS), "cases failing", "gate"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in report.suites:
        for h in s.halves:
            cells = []
            for _, key in SUMMARY_COLUMNS:
                value = fmt(h.metrics.get(key))
                bar = bar_text(key, h.thresholds) if h.gated else ""
                missed = h.gated and any(m.startswith(key + ":") for m in h.misses)
                cells.append((f"**{value}**" if missed else value) + (f" ({bar})" if bar else ""))
            gate = ("PASS" if not h.misses else "FAIL") if h.gated else "not gated"
            failing = sum(bool(c.failures) for c in h.cases)
            row = [f"{s.name} / {h.half}", str(h.metrics.get("cases", 0)), *cells, str(failing), gate]
            lines.append("| " + " | ".join(row) + " |")
    if baseline is not None:
        lines += [
            "",
            f"Against `{baseline.path}` (tolerance {baseline.tolerance:g}): {len(baseline.worse)} case(s) worse, "
            f"{len(baseline.better)} better.",
        ]
        for title, changes in (("Worse", baseline.worse), ("Better", baseline.better)):
            if changes:
                lines += ["", f"**{title}**", ""]
                for c in changes[:30]:
                    kinds = sorted({failure_kind(f) for f in c.gained}) or []
                    what = ("now: " + ", ".join(kinds)) if kinds else ""
                    gone = ("no longer: " + ", ".join(c.lost)) if c.lost else ""
                    lines.append(f"- `{c.where}` `{c.id}` " + "; ".join(x for x in (what, gone) if x))
                if len(changes) > 30:
                    lines.append(f"- … {len(changes) - 30} more in the JSON report")
    return "\n".join(lines) + "\n"
