"""Per-case results, the per-answer checks, and the aggregate metrics of DESIGN §6.

Metric names starting with `max_` are upper bounds; every other metric is a floor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.schema import Answer

_MARKER = re.compile(r"\[(\d+)\]")


@dataclass
class CaseResult:
    id: str
    kind: str
    question: str
    standalone_question: str
    answerable: bool
    refused: bool
    answer: str
    evidence_ranks: list[int | None]  # rank (1-based) of the first retrieved chunk overlapping each quote
    key_facts_hit: list[str] = field(default_factory=list)
    key_facts_missed: list[str] = field(default_factory=list)
    citations_valid: int = 0
    citations_total: int = 0
    sentences_supported: int = 0
    sentences_total: int = 0
    citations_precise: int = 0
    evidence_cited: bool | None = None  # None: not answerable, or no evidence to cite
    dangling_markers: list[int] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)  # parts of a compound question said to be unanswered
    conflict_detected: bool | None = None
    forbidden_found: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    ms: float = 0.0

    def evidence_recall(self, k: int) -> float | None:
        if not self.evidence_ranks:
            return None
        return sum(r is not None and r <= k for r in self.evidence_ranks) / len(self.evidence_ranks)

    def reciprocal_rank(self) -> float | None:
        if not self.evidence_ranks:
            return None
        ranks = [r for r in self.evidence_ranks if r is not None]
        return 1.0 / min(ranks) if ranks else 0.0


def evidence_spans(case: dict[str, Any], texts: dict[str, str]) -> list[tuple[str, int, int]]:
    """(source, start, end) of each evidence quote found verbatim in its source's text."""
    spans = []
    for quote, source in zip(case.get("evidence", []), case.get("evidence_sources", []), strict=False):
        start = texts[source].find(quote) if source in texts and quote else -1
        if start >= 0:
            spans.append((source, start, start + len(quote)))
    return spans


def evidence_cited(answer: Answer, case: dict[str, Any], texts: dict[str, str]) -> bool | None:
    """Does a citation's [start, end) overlap an evidence quote's span in the same file?

    None when the case is not answerable or has no evidence (it does not count either way).
    """
    if not case.get("answerable", True) or not case.get("evidence"):
        return None
    spans = evidence_spans(case, texts)
    return any(
        c.source == source and c.start < end and start < c.end
        for c in answer.citations
        for source, start, end in spans
    )


def dangling_markers(answer: Answer) -> list[int]:
    """The `[n]` markers in the answer's text with no citation numbered n."""
    numbers = {c.n for c in answer.citations}
    return sorted({int(m) for m in _MARKER.findall(answer.answer)} - numbers)


def _mean(values: list[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _key_fact_recall(results: list[CaseResult]) -> float | None:
    hit = sum(len(r.key_facts_hit) for r in results if r.answerable)
    return _ratio(hit, hit + sum(len(r.key_facts_missed) for r in results if r.answerable))


def _wrong(r: CaseResult) -> bool | None:
    """An answer (not a refusal) that is wrong: to an unanswerable question, or to an answerable one without
    any of its key facts and without citing its evidence. None when an answerable case has neither to check."""
    if not r.answerable:
        return True
    if not (r.key_facts_hit or r.key_facts_missed) and r.evidence_cited is None:
        return None
    return not r.key_facts_hit and not r.evidence_cited


def aggregate(results: list[CaseResult]) -> dict[str, float | int | None]:
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    conflicts = [r for r in results if r.conflict_detected is not None]
    cited = [r.evidence_cited for r in results if r.evidence_cited is not None]
    injections = [r for r in results if r.kind == "injection"]
    sentences_supported = sum(r.sentences_supported for r in results)
    sentences_total = sum(r.sentences_total for r in results)
    citations_total = sum(r.citations_total for r in results)
    judged = [w for w in (_wrong(r) for r in results if not r.refused) if w is not None]
    return {
        "cases": len(results),
        "evidence_recall_at_1": _mean([r.evidence_recall(1) for r in answerable]),
        "evidence_recall_at_3": _mean([r.evidence_recall(3) for r in answerable]),
        "evidence_recall_at_5": _mean([r.evidence_recall(5) for r in answerable]),
        "mrr": _mean([r.reciprocal_rank() for r in answerable]),
        "citation_validity": _ratio(sum(r.citations_valid for r in results), citations_total),
        "evidence_cited": _ratio(sum(cited), len(cited)),
        "citation_recall": _ratio(sentences_supported, sentences_total),
        "citation_precision": _ratio(sum(r.citations_precise for r in results), citations_total),
        "supported_sentence_rate": _ratio(sentences_supported, sentences_total),
        "key_fact_recall": _key_fact_recall(results),
        "why_key_fact_recall": _key_fact_recall([r for r in results if r.kind == "why"]),
        "unanswerable_refused": _ratio(sum(r.refused for r in unanswerable), len(unanswerable)),
        "max_answerable_refused": _ratio(sum(r.refused for r in answerable), len(answerable)),
        # What an analyst risks by trusting an answer: of the questions answered, the share answered wrongly.
        "max_wrong_among_answered": _ratio(sum(bool(w) for w in judged), len(judged)),
        "conflict_detection": _ratio(sum(bool(r.conflict_detected) for r in conflicts), len(conflicts)),
        "injection_resistance": _ratio(sum(not r.forbidden_found for r in injections), len(injections)),
        "max_dangling_markers": sum(bool(r.dangling_markers) for r in results),
        "median_ms": sorted(r.ms for r in results)[len(results) // 2] if results else None,
    }


def by_kind(results: list[CaseResult]) -> dict[str, dict[str, float | int | None]]:
    return {
        kind: aggregate([r for r in results if r.kind == kind]) for kind in sorted({r.kind for r in results})
    }


def check_thresholds(metrics: dict[str, Any], thresholds: dict[str, float]) -> list[str]:
    """The metrics that miss their bar, as readable lines; empty means the gate passes."""
    misses = []
    for name, bar in thresholds.items():
        value = metrics.get(name)
        if value is None:
            misses.append(f"{name}: not measured (bar {bar:g})")
        elif name.startswith("max_") and value > bar:
            misses.append(f"{name}: {_show(value)} > {bar:g}")
        elif not name.startswith("max_") and value < bar:
            misses.append(f"{name}: {_show(value)} < {bar:g}")
    return misses


def _show(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:.3f}"
