"""What an eval run produced: figures per suite and half, the gate's verdict, JSON and Markdown forms.

Only test halves are gated (plus the global support-scorer bars); dev halves show their reference values.
Per-case questions and answers of test halves go to the JSON report only: they are held out from tuning.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.evals.metrics import CaseResult


@dataclass
class HalfReport:
    half: str  # "dev", "test", or "set" for a single --set file
    path: str
    metrics: dict[str, Any]
    by_kind: dict[str, dict[str, Any]]
    thresholds: dict[str, float]  # test: the bars; dev: reference values
    gated: bool
    misses: list[str]  # gated: bars missed; not gated: reference values not reached (information only)
    cases: list[CaseResult]

    @property
    def held_out(self) -> bool:
        return self.half == "test"


@dataclass
class SuiteReport:
    name: str
    description: str
    corpus: str
    collection: str
    halves: list[HalfReport]


@dataclass
class EvalReport:
    backend: str
    suites: list[SuiteReport]
    support_metrics: dict[str, Any] | None = None
    support_thresholds: dict[str, float] = field(default_factory=dict)
    support_misses: list[str] = field(default_factory=list)

    @property
    def misses(self) -> list[str]:
        """Every missed bar that fails the run, prefixed with where it was missed."""
        out = [f"{s.name}/{h.half}: {m}" for s in self.suites for h in s.halves if h.gated for m in h.misses]
        return out + [f"support: {m}" for m in self.support_misses]

    @property
    def passed(self) -> bool:
        return not self.misses

    def to_dict(self) -> dict[str, Any]:
        suites = []
        for s in self.suites:
            halves = {}
            for h in s.halves:
                data = asdict(h)
                data["cases"] = [{**asdict(c), "evidence_recall_at_5": c.evidence_recall(5)} for c in h.cases]
                data["held_out"] = h.held_out
                halves[h.half] = data
            suites.append({**{k: v for k, v in asdict(s).items() if k != "halves"}, "halves": halves})
        return {
            "passed": self.passed,
            "misses": self.misses,
            "backend": self.backend,
            "support": {
                "metrics": self.support_metrics,
                "thresholds": self.support_thresholds,
                "misses": self.support_misses,
            },
            "suites": suites,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_markdown(self) -> str:
        lines = [
            f"# Grounding eval ({self.backend})",
            "",
            f"**{'PASS' if self.passed else 'FAIL'}**"
            + ("" if self.passed else ": " + "; ".join(self.misses)),
            "",
            "Test halves are gated by their suite's `[test]` bars; dev halves are shown beside their `[dev]` "
            "reference values and never gated. Test halves are held out: their per-case results are in the "
            "JSON report only.",
        ]
        if self.support_metrics:
            lines += [
                "",
                "Support scorer on the labelled set: "
                f"precision {fmt(self.support_metrics.get('precision'))}, "
                f"recall {fmt(self.support_metrics.get('recall'))}"
                + (f" (bars: {_bars(self.support_thresholds)})" if self.support_thresholds else ""),
            ]
        for s in self.suites:
            lines += ["", f"## Suite `{s.name}`", ""]
            if s.description:
                lines += [s.description, ""]
            lines += [f"Corpus `{s.corpus}`, collection `{s.collection}`.", ""]
            head = ["metric"]
            for h in s.halves:
                head += [f"{h.half} ({h.metrics.get('cases', 0)} cases)", "bar" if h.gated else "reference"]
            lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            for name in metric_names(s.halves):
                row = [name]
                for h in s.halves:
                    missed = any(m.startswith(name + ":") for m in h.misses)
                    value = fmt(h.metrics.get(name), 0 if name.endswith("_ms") else 3)
                    row += [f"**{value}**" if missed and h.gated else value, bar_text(name, h.thresholds)]
                lines.append("| " + " | ".join(row) + " |")
            for h in s.halves:
                verdict = (
                    ("PASS" if not h.misses else "FAIL: " + "; ".join(h.misses))
                    if h.gated
                    else (
                        "reference values reached"
                        if not h.misses
                        else "below reference: " + "; ".join(h.misses)
                    )
                    if h.thresholds
                    else "no bars"
                )
                lines += ["", f"### {s.name} / {h.half}: {verdict}", "", f"Cases: `{h.path}`", ""]
                lines += _kind_table(h)
                if h.held_out:
                    continue
                lines += _case_table(h)
        return "\n".join(lines) + "\n"


KIND_COLUMNS = (
    ("cases", "cases"),
    ("evidence@5", "evidence_recall_at_5"),
    ("evidence cited", "evidence_cited"),
    ("key facts", "key_fact_recall"),
    ("supported", "supported_sentence_rate"),
    ("refused (answerable)", "max_answerable_refused"),
    ("refused (unanswerable)", "unanswerable_refused"),
)


def metric_names(halves: list[HalfReport]) -> list[str]:
    names: list[str] = []
    for h in halves:
        for name in list(h.metrics) + list(h.thresholds):
            if name != "cases" and name not in names:
                names.append(name)
    return names


def bar_text(name: str, thresholds: dict[str, float]) -> str:
    bar = thresholds.get(name)
    return "" if bar is None else ("≤ " if name.startswith("max_") else "≥ ") + f"{bar:g}"


def _bars(thresholds: dict[str, float]) -> str:
    return ", ".join(f"{k} {bar_text(k, thresholds)}" for k in thresholds)


def _kind_table(h: HalfReport) -> list[str]:
    lines = [
        "| kind | " + " | ".join(t for t, _ in KIND_COLUMNS) + " |",
        "|" + "---|" * (len(KIND_COLUMNS) + 1),
    ]
    for kind, metrics in h.by_kind.items():
        lines.append(f"| {kind} | " + " | ".join(fmt(metrics.get(k)) for _, k in KIND_COLUMNS) + " |")
    return lines


def _case_table(h: HalfReport) -> list[str]:
    lines = [
        "",
        "| id | kind | refused | key facts | evidence@5 | evidence cited | cit. valid | supported | failures |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for c in h.cases:
        facts = f"{len(c.key_facts_hit)}/{len(c.key_facts_hit) + len(c.key_facts_missed)}"
        lines.append(
            f"| {c.id} | {c.kind} | {c.refused} | {facts} | {fmt(c.evidence_recall(5))} | "
            f"{fmt(c.evidence_cited)} | {c.citations_valid}/{c.citations_total} | "
            f"{c.sentences_supported}/{c.sentences_total} | {'; '.join(c.failures).replace('|', '/')} |"
        )
    lines += ["", "#### Questions and answers", ""]
    for c in h.cases:
        asked = (
            c.question if c.question == c.standalone_question else f"{c.question} → {c.standalone_question}"
        )
        lines += [f"**{c.id}** {asked}", "", f"> {c.answer}", ""]
    return lines


def fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)
