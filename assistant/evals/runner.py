"""Grounding evals: run case files through the same path as `ask` (or chat, for `turns`) and score them.

`evaluate()` runs every suite (evals/suites/*/suite.toml; see suites.py) on its own collection, both
halves or one, and gates the test halves on their suite's `[test]` bars (DESIGN §6); `--set FILE` runs one
case file against the current collection. Metrics are in metrics.py, the report forms in report.py.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.answer.verify import conflict_holds, span_holds
from assistant.errors import IndexMismatchError
from assistant.evals.metrics import (
    CaseResult,
    aggregate,
    by_kind,
    check_thresholds,
    dangling_markers,
    evidence_cited,
)
from assistant.evals.report import EvalReport, HalfReport, SuiteReport
from assistant.evals.suites import HALVES, EvalDataError, parse_thresholds, read_toml, select_suites
from assistant.ingestion.load import parse_date
from assistant.schema import Answer, Retrieval
from assistant.text.numbers import NUMBER_WORDS

__all__ = [
    "CaseResult",
    "EvalDataError",
    "Evaluator",
    "aggregate",
    "check_thresholds",
    "evaluate",
    "evidence_ranks",
    "fact_in",
    "load_cases",
    "normalize",
]

Status = Callable[[str], None]
SUPPORT_THRESHOLDS = "support_thresholds.toml"


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The cases of a JSONL file; a missing file or a malformed line is an EvalDataError naming it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalDataError(f"No such eval set: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalDataError(f"{path}: unreadable ({exc})") from None
    cases = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalDataError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
        if not isinstance(case, dict):
            raise EvalDataError(f"{path}:{n}: not a JSON object")
        if not isinstance(case.get("id"), str) or not case["id"]:
            raise EvalDataError(f"{path}:{n}: missing 'id'")
        if not (isinstance(case.get("question"), str) and case["question"].strip()) and not (
            isinstance(case.get("turns"), list) and case["turns"]
        ):
            raise EvalDataError(f"{path}:{n}: needs 'question' or 'turns'")
        cases.append(case)
    if not cases:
        raise EvalDataError(f"{path}:1: no cases (the file is empty): one JSON object per line")
    return cases


def case_line(path: Path, index: int) -> int:
    """The line number of the index-th case of a JSONL file (blank lines are not cases)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    numbers = [n for n, line in enumerate(lines, 1) if line.strip()]
    return numbers[index] if index < len(numbers) else 1


def normalize(text: str) -> str:
    """Lower-cased, dates as ISO, numbers as digits without separators, punctuation folded to spaces."""
    text = text.replace("’", "'").replace("–", "-").replace("—", "-")
    text = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", text)  # "March 29th" is "March 29"
    text = _dates_to_iso(text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text).lower()
    text = re.sub(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", lambda m: str(NUMBER_WORDS[m.group(1)]), text)
    return " ".join(re.sub(r"[^\w\-]+", " ", text).split())


def _dates_to_iso(text: str) -> str:
    try:  # the date patterns' owner is assistant.text.dates; older trees kept them in ingestion.load
        from assistant.text.dates import DATE_DMY, DATE_MDY
    except ImportError:
        from assistant.ingestion.load import _DATE_DMY as DATE_DMY  # type: ignore[attr-defined,no-redef]
        from assistant.ingestion.load import _DATE_MDY as DATE_MDY  # type: ignore[attr-defined,no-redef]

    def iso(match: re.Match) -> str:
        return parse_date(match.group(0)) or match.group(0)

    text = DATE_MDY.sub(iso, text)
    text = DATE_DMY.sub(iso, text)
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


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def _unsupported(sentence: str, citations: list) -> str:
    """A failure line naming the citation that does not support its sentence (JUnit shows it as is)."""
    if not citations:
        return f"sentence without a citation: {_short(sentence)}"
    cited = ", ".join(f"[{c.n}] {c.source} ¶{c.paragraph}" for c in citations)
    return f"citation {cited} does not support {_short(sentence)}"


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
    def __init__(
        self,
        assistant,
        scorer=None,
        *,
        k: int | None = None,
        backend: str | None = None,
        corpus_dir: Path | None = None,
    ):
        self.assistant = assistant
        self.scorer = scorer
        self.k = k
        self.backend = backend
        self.corpus_dir = Path(corpus_dir or assistant.settings.corpus_dir)
        self._texts: dict[str, str] | None = None
        self.generated = self.dropped = 0  # generated sentences, and those verification dropped

    def run_case(self, case: dict[str, Any]) -> CaseResult:
        t0 = time.perf_counter()
        answer, retrieval = self._answer(case)
        if (checked := getattr(self.assistant, "last_verification", None)) is not None:
            self.generated += checked.generated  # an LLM backend's sentences, before verification
            self.dropped += checked.dropped
        texts = self._corpus_texts(retrieval)
        result = CaseResult(
            id=case["id"],
            kind=case.get("kind", "?"),
            question=answer.question,
            standalone_question=answer.standalone_question,
            answerable=bool(case.get("answerable", True)),
            refused=answer.refused,
            answer=answer.answer,
            evidence_ranks=evidence_ranks(case, retrieval, texts),
            evidence_cited=evidence_cited(answer, case, texts),
            dangling_markers=dangling_markers(answer),
            unanswered=answer.unanswered,
        )
        self._score_answer(case, answer, texts, result)
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
        """Source texts by file name, read as ingest reads them: the corpus, and any other retrieved file."""
        from assistant.answer.verify import source_text
        from assistant.ingestion.load import discover

        if self._texts is None:
            self._texts = {}
            files = discover([self.corpus_dir])[0] if self.corpus_dir.is_dir() else []
            for f in files:
                if (text := source_text(str(f))) is not None:
                    self._texts.setdefault(f.name, text)
        for p in retrieval.passages + retrieval.sentences:
            if p.source not in self._texts and (text := source_text(p.path)) is not None:
                self._texts[p.source] = text
        return self._texts

    def _score_answer(
        self, case: dict[str, Any], answer: Answer, texts: dict[str, str], r: CaseResult
    ) -> None:
        for c in answer.citations:
            r.citations_total += 1
            r.citations_valid += texts.get(c.source, "")[c.start : c.end] == c.quote
        by_n = {c.n: c for c in answer.citations}
        unsupported: list[str] = []
        for sentence in answer.sentences:
            quotes = [by_n[n].quote for n in sentence.citations if n in by_n]
            r.sentences_total += 1
            note = sentence.kind in ("conflict", "span")  # the system's note on two quotes: checked on them
            if sentence.kind == "span":
                supported = span_holds(sentence, answer)
            elif note:
                supported = conflict_holds(sentence, answer)
            else:
                supported = bool(quotes) and self._supported(sentence.text, quotes)
            r.sentences_supported += supported
            if not supported:
                unsupported.append(
                    _unsupported(sentence.text, [by_n[n] for n in sentence.citations if n in by_n])
                )
            if note:  # its citations are its claim sentences' own, counted with them
                continue
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
            r.failures.append(f"refused an answerable question: {_short(answer.answer)}")
        if not r.answerable and not answer.refused:
            r.failures.append(f"answered an unanswerable question: {_short(answer.answer)}")
        if r.key_facts_missed:
            r.failures.append("missed key facts: " + ", ".join(r.key_facts_missed))
        if r.citations_valid < r.citations_total:
            r.failures.append("a quote differs from the file at its offsets")
        r.failures += unsupported
        if r.evidence_cited is False and not answer.refused:
            r.failures.append("no citation overlaps the evidence")
        if r.dangling_markers:
            r.failures.append(
                "marker(s) without a citation: " + ", ".join(f"[{n}]" for n in r.dangling_markers)
            )
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

    def run_half(
        self, half: str, path: Path, cases: list[dict[str, Any]], thresholds: dict[str, float], status: Status
    ) -> HalfReport:
        results = []
        self.generated = self.dropped = 0
        for i, case in enumerate(cases, 1):
            status(f"{half}: case {i}/{len(cases)}")
            results.append(self.run_case(case))
        metrics = aggregate(results)
        if self.generated:  # LLM backends: how much of what the model wrote verification took out
            metrics["generated_sentences"] = self.generated
            metrics["generated_sentences_dropped"] = self.dropped
        return HalfReport(
            half,
            str(path),
            metrics,
            by_kind(results),
            thresholds,
            gated=half == "test",
            misses=check_thresholds(metrics, thresholds),
            cases=results,
        )


def evaluate(
    settings=None,
    *,
    suites: list[str] | None = None,
    half: str = "all",
    set_path: Path | None = None,
    backend: str | None = None,
    k: int | None = None,
    status: Status | None = None,
) -> EvalReport:
    """Run the suites (or one --set file) and compare with the bars; the CLI renders and writes the report.

    Every file is read and checked before anything runs, so a data error costs no model time.
    """
    from assistant.api import Assistant, ingest
    from assistant.settings import load_settings

    settings = settings or load_settings()
    say = status or (lambda _msg: None)
    if half not in (*HALVES, "all"):
        raise EvalDataError(f"--half must be dev, test or all (got {half!r})")
    if set_path is not None:
        if suites:
            raise EvalDataError("Use --set FILE or --suite NAME, not both")
        plan = [(None, [("set", Path(set_path), load_cases(Path(set_path)), {})])]
    else:
        halves = HALVES if half == "all" else (half,)
        plan = []
        for suite in select_suites(settings.evals_dir, suites):
            bars = suite.thresholds()
            plan.append(
                (suite, [(h, suite.half_path(h), load_cases(suite.half_path(h)), bars[h]) for h in halves])
            )
    support_labelled = settings.evals_dir / "support.jsonl"
    support_bars = _support_thresholds(settings.evals_dir)

    backend_name = backend or settings.answer.backend
    scorer = None
    reports: list[SuiteReport] = []
    for suite, halves_plan in plan:
        if suite is None:
            suite_settings, corpus = settings, settings.corpus_dir
        else:
            suite_settings, corpus = suite.settings(settings), suite.corpus
            say(f"suite {suite.name}: indexing {corpus}")
            # Incremental: unchanged files are skipped. A suite's own collection drops files gone from its corpus.
            own = not suite.is_default(settings)
            try:
                ingest([corpus], suite_settings, prune=own)
            except IndexMismatchError:
                if not own:  # the user's own collection: theirs to rebuild (the error says how)
                    raise
                # Only the eval writes a suite's collection: one built by an earlier version or with other
                # model weights is rebuilt from the suite's corpus, not left to the user.
                say(f"suite {suite.name}: its collection was built by an earlier version; rebuilding it")
                ingest([corpus], suite_settings, reset=True)
        assistant = Assistant(suite_settings)
        require_documents(assistant, [(path, cases) for _h, path, cases, _bars in halves_plan])
        scorer = scorer or _support_scorer(assistant)
        evaluator = Evaluator(assistant, scorer, k=k, backend=backend, corpus_dir=corpus)
        name = suite.name if suite else "set"
        halves_done = [
            evaluator.run_half(h, path, cases, bars, lambda msg, name=name: say(f"suite {name} {msg}"))
            for h, path, cases, bars in halves_plan
        ]
        reports.append(
            SuiteReport(
                name,
                suite.description if suite else "",
                str(corpus),
                suite_settings.collection,
                halves_done,
            )
        )

    report = EvalReport(backend_name, reports)
    if scorer is not None and support_labelled.is_file():
        from assistant.answer.support import evaluate_support

        say("support scorer on the labelled set")
        report.support_metrics = evaluate_support(support_labelled, scorer)
        report.support_thresholds = support_bars
        report.support_misses = check_thresholds(
            {f"support_{k}": v for k, v in report.support_metrics.items()}, support_bars
        )
    return report


def cited_documents(cases: list[dict[str, Any]]) -> list[str]:
    """The documents a case file's evidence names, in file order."""
    named = [s for c in cases for s in (c.get("evidence_sources") or []) if isinstance(s, str)]
    return list(dict.fromkeys(named))


def require_documents(assistant, files: list[tuple[Path, list[dict[str, Any]]]]) -> None:
    """A case file whose documents are not in the collection fails in one line, before any model loads:
    otherwise every case fails without saying why."""
    known = {state.source for state in assistant.store.doc_states().values()}
    for path, cases in files:
        named = cited_documents(cases)
        missing = [name for name in named if name not in known]
        if missing:
            settings = assistant.settings
            shown = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
            first = next(
                i for i, c in enumerate(cases) if any(s in missing for s in c.get("evidence_sources") or [])
            )
            raise EvalDataError(
                f"{path}:{case_line(path, first)}: {len(missing)} of the {len(named)} documents its cases "
                "cite are not in the index "
                f"(collection '{settings.collection}' at {settings.chroma_url or settings.index_dir}): {shown}; "
                "ingest their folder with 'assistant --corpus FOLDER ingest' and run the eval with the same --corpus"
            )


def _support_thresholds(evals_dir: Path) -> dict[str, float]:
    """The global bars of the support scorer (evals/support_thresholds.toml [thresholds]), if any."""
    path = Path(evals_dir) / SUPPORT_THRESHOLDS
    if not path.is_file():
        return {}
    data = read_toml(path)
    return parse_thresholds(data.get("thresholds", {}), path, "thresholds")


def _support_scorer(assistant):
    try:
        from assistant.answer.support import SupportScorer
    except ImportError:
        return None
    return SupportScorer(assistant.resources.cross_encoder)
