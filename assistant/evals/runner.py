"""Grounding evals: run a question set through the same path as `ask` (or chat, for `turns`) and score it.

Metrics follow DESIGN §6; thresholds live in evals/thresholds.toml and `assistant eval` fails below them.
"""

from __future__ import annotations

import json
import re
import time
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.answer.support import NUMBER_WORDS
from assistant.ingestion.load import parse_date
from assistant.schema import Answer, Retrieval


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


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                cases.append(json.loads(line))
            except json.JSONDecodeError as exc:
                from assistant.errors import InputPathError

                raise InputPathError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
    return cases


def normalize(text: str) -> str:
    """Lower-cased, dates as ISO, numbers as digits without separators, punctuation folded to spaces."""
    text = text.replace("’", "'").replace("–", "-").replace("—", "-")
    text = _dates_to_iso(text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text).lower()
    text = re.sub(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", lambda m: str(NUMBER_WORDS[m.group(1)]), text)
    return " ".join(re.sub(r"[^\w\-]+", " ", text).split())


def _dates_to_iso(text: str) -> str:
    from assistant.ingestion.load import _DATE_DMY, _DATE_MDY

    def iso(match: re.Match) -> str:
        return parse_date(match.group(0)) or match.group(0)

    text = _DATE_MDY.sub(iso, text)
    text = _DATE_DMY.sub(iso, text)
    # Month-day without a year ("5 September", "September 6") -> "MM-DD", matching the ISO form's tail.
    month_day = re.compile(
        r"\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|"
        r"October|November|December)\b|\b(January|February|March|April|May|June|July|"
        r"August|September|October|November|December)\s+(\d{1,2})\b(?!,?\s*\d{4})",
        re.I,
    )

    def md(match: re.Match) -> str:
        day = match.group(1) or match.group(4)
        month = match.group(2) or match.group(3)
        found = parse_date(f"{month} {day}, 2000")
        return found[5:] if found else match.group(0)

    return month_day.sub(md, text)


def fact_in(fact: str, text: str) -> bool:
    fact_n, text_n = normalize(fact), normalize(text)
    return bool(fact_n) and (fact_n in text_n or fact_n.replace("-", " ") in text_n.replace("-", " "))


def evidence_ranks(
    case: dict[str, Any], retrieval: Retrieval, corpus_texts: dict[str, str]
) -> list[int | None]:
    ranks: list[int | None] = []
    for quote, source in zip(case.get("evidence", []), case.get("evidence_sources", []), strict=False):
        text = corpus_texts.get(source)
        start = text.find(quote) if text else -1
        if start < 0:
            ranks.append(None)
            continue
        end = start + len(quote)
        rank = next(
            (
                i
                for i, p in enumerate(retrieval.passages, 1)
                if p.source == source and p.start < end and start < p.end
            ),
            None,
        )
        ranks.append(rank)
    return ranks


class Evaluator:
    def __init__(self, assistant, scorer=None, *, k: int | None = None, backend: str | None = None):
        self.assistant = assistant
        self.scorer = scorer
        self.k = k
        self.backend = backend
        self._texts: dict[str, str] = {}

    def run_case(self, case: dict[str, Any]) -> CaseResult:
        t0 = time.perf_counter()
        answer, retrieval = self._answer(case)
        result = CaseResult(
            id=case["id"],
            kind=case.get("kind", "?"),
            question=answer.question,
            standalone_question=answer.standalone_question,
            answerable=bool(case.get("answerable", True)),
            refused=answer.refused,
            answer=answer.answer,
            evidence_ranks=evidence_ranks(case, retrieval, self._corpus_texts(retrieval)),
        )
        self._score_answer(case, answer, retrieval, result)
        result.ms = round((time.perf_counter() - t0) * 1000, 1)
        return result

    def _answer(self, case: dict[str, Any]) -> tuple[Answer, Retrieval]:
        if case.get("turns"):
            from assistant.chat.session import Chat

            chat = Chat(self.assistant, backend=self.backend)
            answer = None
            for turn in case["turns"]:
                answer = chat.ask(turn)
            assert answer is not None and self.assistant.last_retrieval is not None
            return answer, self.assistant.last_retrieval
        return self.assistant.ask_with_evidence(case["question"], k=self.k, backend=self.backend)

    def _corpus_texts(self, retrieval: Retrieval) -> dict[str, str]:
        """Source texts by file name: the retrieved files and the corpus (cached by verify.source_text)."""
        from assistant.answer.verify import source_text

        paths = {p.source: p.path for p in retrieval.passages + retrieval.sentences}
        for f in self.assistant.settings.corpus_dir.glob("*"):
            if f.suffix in {".txt", ".md"}:
                paths.setdefault(f.name, str(f))
        for name, path in paths.items():
            if name not in self._texts and (text := source_text(path)) is not None:
                self._texts[name] = text
        return self._texts

    def _score_answer(
        self, case: dict[str, Any], answer: Answer, retrieval: Retrieval, r: CaseResult
    ) -> None:
        texts = self._corpus_texts(retrieval)
        for c in answer.citations:
            r.citations_total += 1
            r.citations_valid += texts.get(c.source, "")[c.start : c.end] == c.quote
        by_n = {c.n: c for c in answer.citations}
        for sentence in answer.sentences:
            quotes = [by_n[n].quote for n in sentence.citations if n in by_n]
            r.sentences_total += 1
            supported = bool(quotes) and self._supported(sentence.text, quotes)
            r.sentences_supported += supported
            # ALCE-style precision: a citation counts if it supports the sentence alone, or the others
            # without it no longer do.
            for i, quote in enumerate(quotes):
                others = quotes[:i] + quotes[i + 1 :]
                r.citations_precise += self._supported(sentence.text, [quote]) or (
                    supported and not (others and self._supported(sentence.text, others))
                )
        if r.answerable:  # a refused answerable question has missed every key fact
            for fact in case.get("key_facts", []):
                hit = not answer.refused and fact_in(fact, answer.answer)
                (r.key_facts_hit if hit else r.key_facts_missed).append(fact)
        if case.get("conflict"):
            r.conflict_detected = bool(answer.conflicts) or all(
                fact_in(v, answer.answer) for v in case["conflict"]["values"]
            )
        r.forbidden_found = [f for f in case.get("forbidden", []) if f.lower() in answer.answer.lower()]
        if r.answerable and answer.refused:
            r.failures.append("refused an answerable question")
        if not r.answerable and not answer.refused:
            r.failures.append("answered an unanswerable question")
        if r.key_facts_missed:
            r.failures.append("missed key facts: " + ", ".join(r.key_facts_missed))
        if r.citations_valid < r.citations_total:
            r.failures.append("a quote differs from the file at its offsets")
        if r.sentences_supported < r.sentences_total:
            r.failures.append(f"{r.sentences_total - r.sentences_supported} unsupported sentence(s)")
        if r.conflict_detected is False:
            r.failures.append("conflict not reported")
        if r.forbidden_found:
            r.failures.append("repeated injected content: " + ", ".join(r.forbidden_found))
        if r.evidence_ranks and r.evidence_recall(5) == 0:
            r.failures.append("no evidence retrieved in the top 5")

    def _supported(self, sentence: str, quotes: list[str]) -> bool:
        if self.scorer is None:
            return all(w in " ".join(quotes) for w in sentence.split()[:3])
        return self.scorer.score(sentence, quotes).supported


def aggregate(results: list[CaseResult]) -> dict[str, float | None]:
    def mean(values: list[float | None]) -> float | None:
        vals = [v for v in values if v is not None]
        return round(sum(vals) / len(vals), 4) if vals else None

    def ratio(num: int, den: int) -> float | None:
        return round(num / den, 4) if den else None

    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    facts_hit = sum(len(r.key_facts_hit) for r in answerable)
    facts_all = facts_hit + sum(len(r.key_facts_missed) for r in answerable)
    conflicts = [r for r in results if r.conflict_detected is not None]
    return {
        "cases": len(results),
        "evidence_recall_at_1": mean([r.evidence_recall(1) for r in answerable]),
        "evidence_recall_at_3": mean([r.evidence_recall(3) for r in answerable]),
        "evidence_recall_at_5": mean([r.evidence_recall(5) for r in answerable]),
        "mrr": mean([r.reciprocal_rank() for r in answerable]),
        "citation_validity": ratio(
            sum(r.citations_valid for r in results), sum(r.citations_total for r in results)
        ),
        "citation_recall": ratio(
            sum(r.sentences_supported for r in results), sum(r.sentences_total for r in results)
        ),
        "citation_precision": ratio(
            sum(r.citations_precise for r in results), sum(r.citations_total for r in results)
        ),
        "supported_sentence_rate": ratio(
            sum(r.sentences_supported for r in results), sum(r.sentences_total for r in results)
        ),
        "key_fact_recall": ratio(facts_hit, facts_all),
        "refusal_accuracy": ratio(sum(r.refused for r in unanswerable), len(unanswerable)),
        "max_refused_answerable": ratio(sum(r.refused for r in answerable), len(answerable)),
        "conflict_detection": ratio(sum(bool(r.conflict_detected) for r in conflicts), len(conflicts)),
        "injection_resistance": ratio(
            sum(not r.forbidden_found for r in results if r.kind == "injection"),
            sum(r.kind == "injection" for r in results),
        ),
        "median_ms": sorted(r.ms for r in results)[len(results) // 2] if results else None,
    }


def check_thresholds(metrics: dict[str, float | None], thresholds: dict[str, float]) -> list[str]:
    """The metrics that miss their bar, as readable lines; empty means the gate passes."""
    misses = []
    for name, bar in thresholds.items():
        value = metrics.get(name)
        if value is None:
            misses.append(f"{name}: not measured (bar {bar})")
        elif name.startswith("max_") and value > bar:
            misses.append(f"{name}: {value:.3f} > {bar}")
        elif not name.startswith("max_") and value < bar:
            misses.append(f"{name}: {value:.3f} < {bar}")
    return misses


def load_thresholds(path: Path) -> dict[str, float]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in data.get("thresholds", data).items() if isinstance(v, int | float)}


@dataclass
class EvalReport:
    set_path: str
    backend: str
    metrics: dict[str, float | None]
    by_kind: dict[str, dict[str, float | None]]
    support_metrics: dict[str, Any] | None
    thresholds: dict[str, float]
    misses: list[str]
    cases: list[CaseResult]

    @property
    def passed(self) -> bool:
        return not self.misses

    def to_json(self) -> str:
        return json.dumps({"passed": self.passed, **asdict(self)}, ensure_ascii=False, indent=2)

    def to_markdown(self) -> str:
        lines = [
            f"# Grounding eval — {self.set_path} ({self.backend})",
            "",
            f"**{'PASS' if self.passed else 'FAIL'}**"
            + ("" if self.passed else ": " + "; ".join(self.misses)),
            "",
            "| metric | value | bar |",
            "|---|---|---|",
        ]
        for name, value in self.metrics.items():
            bar = self.thresholds.get(name)
            lines.append(f"| {name} | {_fmt(value)} | {'' if bar is None else bar} |")
        if self.support_metrics:
            lines += [
                "",
                "Support scorer on the labelled set: "
                f"precision {_fmt(self.support_metrics.get('precision'))}, "
                f"recall {_fmt(self.support_metrics.get('recall'))}",
            ]
        lines += [
            "",
            "| id | kind | refused | key facts | evidence@5 | cit. valid | supported | failures |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for c in self.cases:
            facts = f"{len(c.key_facts_hit)}/{len(c.key_facts_hit) + len(c.key_facts_missed)}"
            lines.append(
                f"| {c.id} | {c.kind} | {c.refused} | {facts} | {_fmt(c.evidence_recall(5))} | "
                f"{c.citations_valid}/{c.citations_total} | {c.sentences_supported}/{c.sentences_total} | "
                f"{'; '.join(c.failures).replace('|', '/')} |"
            )
        lines += ["", "## Questions and answers", ""]
        for c in self.cases:
            asked = (
                c.question
                if c.question == c.standalone_question
                else f"{c.question} → {c.standalone_question}"
            )
            lines += [f"**{c.id}** {asked}", "", f"> {c.answer}", ""]
        return "\n".join(lines) + "\n"


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def evaluate(
    set_path: Path | None = None,
    settings=None,
    *,
    backend: str | None = None,
    k: int | None = None,
    on_case=None,
) -> EvalReport:
    """Run the eval set and compare with the thresholds; the CLI renders and writes the report."""
    from assistant.api import Assistant
    from assistant.settings import load_settings

    settings = settings or load_settings()
    set_path = set_path or settings.evals_dir / "grounding.jsonl"
    assistant = Assistant(settings)
    scorer = _support_scorer(assistant)
    evaluator = Evaluator(assistant, scorer, k=k, backend=backend)
    results = []
    for case in load_cases(set_path):
        results.append(evaluator.run_case(case))
        if on_case:
            on_case(results[-1])
    metrics = aggregate(results)
    by_kind = {
        kind: aggregate([r for r in results if r.kind == kind]) for kind in sorted({r.kind for r in results})
    }
    support_metrics = None
    labelled = settings.evals_dir / "support.jsonl"
    if scorer is not None and labelled.is_file():
        from assistant.answer.support import evaluate_support

        support_metrics = evaluate_support(labelled, scorer)
        metrics["support_precision"] = support_metrics.get("precision")
        metrics["support_recall"] = support_metrics.get("recall")
    thresholds_file = settings.evals_dir / "thresholds.toml"
    thresholds = load_thresholds(thresholds_file) if thresholds_file.is_file() else {}
    return EvalReport(
        str(set_path),
        backend or settings.answer.backend,
        metrics,
        by_kind,
        support_metrics,
        thresholds,
        check_thresholds(metrics, thresholds),
        results,
    )


def _support_scorer(assistant):
    try:
        from assistant.answer.support import SupportScorer
    except ImportError:
        return None
    return SupportScorer(assistant.resources.cross_encoder)
