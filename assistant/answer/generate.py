"""Answers written by an LLM, kept only where their citations support them (DESIGN §5.7–5.9).

The model sees a few numbered sentence spans (each retrieved sentence with a neighbour for context), not
whole chunks: the prompt stays a few hundred tokens, and every [n] points at a span with file offsets.
What it writes is then checked sentence by sentence: a sentence without a valid [n] is dropped, a sentence
its cited spans do not support (answer/support.py) is dropped or, on request, marked; citations are
renumbered and the answer rebuilt from what is left; nothing left, or a model that says the sources don't
say, is a refusal with the closest passages. Quotes always come from the file at their offsets, never from
the model's text.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.query import Query
from assistant.schema import Answer, AnswerSentence, Citation, Passage, Retrieval
from assistant.text.sentences import split_sentences, words

if TYPE_CHECKING:
    from assistant.answer.backends.base import BackendResources
    from assistant.answer.support import SupportScorer

OnToken = Callable[[str], None]
Messages = list[dict[str, str]]

UNSUPPORTED_MARK = "(unsupported)"


@dataclass
class NumberedSpan:
    """One numbered passage of the prompt: a span of a source file, with the text read from that file."""

    n: int
    passage: Passage  # the retrieved sentence it grew from (document metadata, chunk id, score)
    start: int
    end: int
    text: str  # == source file text[start:end]
    paragraph: int


@dataclass
class Verification:
    """What verification did to one generated answer (the eval reports the dropped count)."""

    generated: int = 0  # sentences the model wrote (a refusal sentence counts as none)
    kept: int = 0
    uncited: int = 0  # dropped: no [n], or only numbers that name no passage
    unsupported: int = 0  # dropped (or marked): the cited spans do not back the sentence
    off_topic: int = 0  # dropped: supported, but not about what was asked
    model_refused: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def dropped(self) -> int:
        return self.uncited + self.unsupported + self.off_topic


@dataclass
class GenerationStats:
    """Per answer: the figures bench/llm.py prints."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    first_token_s: float | None = None
    total_s: float = 0.0


# -- the prompt ----------------------------------------------------------------------------------------------
def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right == -1 else right


def _paragraph_number(text: str, offset: int) -> int:
    return sum(1 for line in text[:offset].split("\n")[:-1] if line.strip()) + 1


# A sentence that leans on the one before it ("This…", "However…") needs it to be understood.
_REFERS_BACK = re.compile(
    r"[\"“‘'(]?(?:This|That|These|Those|It|Its|They|Their|He|His|She|Her|Such|The move|However|But|Yet|Still|"
    r"Moreover|Furthermore|In addition|Additionally|Also|Meanwhile|Instead|Thus|Hence|Therefore|So|As a result|"
    r"Finally|Then|Later|Because|Since|Considering)\b"
)


def _needs_next(text: str, following: str, explain: bool) -> bool:
    """The sentence after is part of this one's point: it announces it ("…explained why:"), goes on with the
    same claim ("This is because…"), or, for a why question, gives the cause this sentence lacks."""
    from assistant.answer.backends.extractive import _CAUSE, _GOES_ON, _LEAD_IN

    return bool(
        _LEAD_IN.search(text.rstrip("."))
        or _GOES_ON.match(following)
        or (explain and not _CAUSE.search(text) and _CAUSE.search(following))
    )


def number_spans(
    seeds: list[tuple[Passage, int, int]], limit: int, span_words: int, *, explain: bool = False
) -> list[NumberedSpan]:
    """The first `limit` seeds (passage, start, end) as numbered spans; overlapping seeds are skipped.

    A seed takes a neighbour only where it needs one, while the span stays within span_words: the sentence
    before when it leans on it ("This…", "However…"), the sentence after when that carries its point on
    (see _needs_next). Every extra sentence costs prompt time on a small local model, and a model restates
    only the subject a sentence leaves to its neighbour. explain: a why/how question.
    A seed whose file no longer holds its text is skipped: a span is always the file's text."""
    from assistant.answer.verify import source_text

    found: list[tuple[Passage, int, int, str]] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for passage, start, end in seeds:
        if len(found) >= limit:
            break
        text = source_text(passage.path)
        if text is None or not text[start:end].strip():
            continue
        if any(s < end and start < e for s, e in taken.get(passage.path, [])):
            continue
        left, right = _line_bounds(text, start, end)
        spans = split_sentences(text, left, right)
        after = [s for s in spans if s.start >= end]
        before = [s for s in spans if s.end <= start]
        seed = text[start:end]
        wanted = []
        if after and _needs_next(seed, text[after[0].start : after[0].end], explain):
            wanted.append(after[0])  # first: for a why question it is the cause
        if before and _REFERS_BACK.match(seed.lstrip()):
            wanted.append(before[-1])
        for extra in wanted:
            lo, hi = min(start, extra.start), max(end, extra.end)
            if len(words(text[lo:hi])) <= span_words and not any(
                s < hi and lo < e for s, e in taken.get(passage.path, [])
            ):
                start, end = lo, hi
        taken.setdefault(passage.path, []).append((start, end))
        found.append((passage, start, end, text))
    return [
        NumberedSpan(n, passage, start, end, text[start:end], _paragraph_number(text, start))
        for n, (passage, start, end, text) in enumerate(found[:limit], start=1)
    ]


def seeds_for(retrieval: Retrieval, first: list[Citation] | None = None) -> list[tuple[Passage, int, int]]:
    """Spans to number: the sentences the extractive analysis chose first (they fit the question's
    constraints), then the retrieval's other answer-candidate sentences in rank order."""
    from assistant.answer.backends.extractive import candidate_sentences

    by_source = {p.source: p for p in retrieval.sentences + retrieval.passages}
    seeds: list[tuple[Passage, int, int]] = []
    for c in first or []:
        base = next(
            (p for p in retrieval.sentences if p.source == c.source and p.start == c.start),
            by_source.get(c.source),
        )
        if base is not None:
            seeds.append((base, c.start, c.end))
    for cand in candidate_sentences(retrieval.sentences):
        seeds.append((cand.passage, cand.span.start, cand.span.end))
    return seeds


def read_prompt(prompts_dir: Path, name: str) -> str:
    from assistant.errors import BackendError

    path = Path(prompts_dir) / f"{name}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise BackendError(f"Prompt file missing: {path}") from None


def refusal_sentence(prompts_dir: Path) -> str:
    return " ".join(read_prompt(prompts_dir, "refusal").split())


_ROLE_LINE = re.compile(r"^## (system|user|assistant)[ \t]*$", re.MULTILINE)


def prompt_messages(text: str) -> Messages:
    """A prompt file as chat messages: each `## system`, `## user` or `## assistant` line starts one (a
    worked example is a user turn and its answer, which a small model follows better than a description);
    a file without such lines is one user message."""
    parts = _ROLE_LINE.split(text)
    if len(parts) == 1:
        return [{"role": "user", "content": text.strip()}]
    return [
        {"role": role, "content": body.strip()} for role, body in zip(parts[1::2], parts[2::2], strict=True)
    ]


# Footnote marks inside an article ("…in 2022.[2]") would read as the prompt's own numbering.
_FOOTNOTE = re.compile(r"\[\d{1,3}\]")


def render_answer_prompt(prompts_dir: Path, question: str, spans: list[NumberedSpan]) -> Messages:
    """prompts/answer.md as messages, the numbered spans and the question filled into the last (plain
    replace: spans may hold braces). Everything before the spans is the same for every question, so a
    server that keeps the previous prompt's evaluated prefix (llama.cpp's server, vLLM, OpenAI) skips it.
    The model sees the spans without the articles' own footnote marks; quotes are still the file's text."""
    passages = "\n".join(f"[{s.n}] {' '.join(_FOOTNOTE.sub('', s.text).split())}" for s in spans)
    refusal = refusal_sentence(prompts_dir)
    messages = prompt_messages(read_prompt(prompts_dir, "answer"))
    for m in messages:
        m["content"] = m["content"].replace("{refusal}", refusal)
    last = messages[-1]
    last["content"] = (
        last["content"].replace("{passages}", passages).replace("{question}", " ".join(question.split()))
    )
    return messages


# -- parsing what the model wrote ------------------------------------------------------------------------------
_MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
_MARKERS_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+)")
_SOURCES_TAIL = re.compile(r"\n\s*(?:\*\*)?(?:sources|references|citations)\b.*", re.IGNORECASE | re.DOTALL)
_WORDS_ONLY = re.compile(r"[^a-z0-9 ]+")


@dataclass
class GeneratedSentence:
    text: str  # without markers
    cited: list[int]  # the [n] numbers it carried, in order, deduplicated


def parse_generated(text: str) -> list[GeneratedSentence]:
    """The model's answer as sentences with the [n] numbers each carries. A marker written after the full
    stop ("… embassy. [2]") belongs to the sentence before it; a trailing source list is cut off."""
    text = _SOURCES_TAIL.sub("", text.strip())
    text = _MARKERS_AFTER_STOP.sub(lambda m: f" {m.group(2).strip()}{m.group(1)}", text)
    text = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", text, flags=re.MULTILINE)  # list bullets
    out: list[GeneratedSentence] = []
    for span in split_sentences(text):
        raw = text[span.start : span.end]
        cited: list[int] = []
        for match in _MARKER.finditer(raw):
            for number in re.split(r"[,;]", match.group(1)):
                n = int(number)
                if n not in cited:
                    cited.append(n)
        plain = _MARKER.sub("", raw)
        plain = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(plain.split())).strip()
        if plain and any(ch.isalnum() for ch in plain):
            out.append(GeneratedSentence(plain, cited))
    return out


def _norm(text: str) -> str:
    text = text.lower().replace("’", "'").replace("do not", "don't").replace("does not", "doesn't")
    return " ".join(_WORDS_ONLY.sub(" ", text.replace("'", "")).split())


def says_refusal(text: str, refusal: str) -> bool:
    """The model used the refusal sentence of prompts/refusal.md (anywhere: a hedge is a refusal)."""
    wanted = _norm(refusal)
    return bool(wanted) and wanted in _norm(text)


# -- verification -----------------------------------------------------------------------------------------
def _citation(n: int, span: NumberedSpan) -> Citation:
    p = span.passage
    return Citation(
        n=n,
        source=p.source,
        title=p.title,
        author=p.author,
        date=p.date,
        paragraph=span.paragraph,
        start=span.start,
        end=span.end,
        quote=span.text,
        chunk_id=p.chunk_id,
        score=round(p.score, 4),
    )


def _copied_from(text: str, spans: list[NumberedSpan]) -> list[int]:
    """[n] for a sentence without a marker that copies span n word for word (at least six words) and no
    other span: a small model often copies a span's second sentence and leaves the number off. Its source is
    then not a guess; the sentence is still scored against that span like any other."""
    wanted = _norm(text)
    if len(wanted.split()) < 6:
        return []
    found = [s.n for s in spans if wanted in _norm(_FOOTNOTE.sub("", s.text))]
    return found if len(found) == 1 else []


def verify_generated(
    question: Query | str,
    generated: str,
    spans: list[NumberedSpan],
    scorer: SupportScorer,
    *,
    refusal: str,
    closest: list[Passage],
    backend: str,
    max_sentences: int = 4,
    show_unsupported: bool = False,
    min_relevance: float | None = None,
    asked: str | None = None,
) -> tuple[Answer, Verification]:
    """The verified answer to `question` from the model's text: see the module docstring.

    min_relevance: a kept sentence must also score this with the cross-encoder against the question (a
    small model sometimes copies a true sentence of a passage that does not answer); asked: the question
    as the model got it (planted instructions removed), which that score is taken against."""
    from assistant.answer.backends.extractive import refusal as refusal_answer
    from assistant.answer.verify import renumber

    query = Query.of(question) if isinstance(question, str) else question
    report = Verification()
    if says_refusal(generated, refusal):
        report.model_refused = True
        reason = "The sources don't answer this question (the model found no answer in the passages)."
        return refusal_answer(query, closest, backend, reason), report
    by_n = {s.n: s for s in spans}
    parsed = parse_generated(generated)
    report.generated = len(parsed)
    cited: list[tuple[GeneratedSentence, list[int]]] = []
    seen: set[str] = set()
    for sentence in parsed:
        numbers = [n for n in sentence.cited if n in by_n] or _copied_from(sentence.text, spans)
        if not numbers:
            report.uncited += 1
            report.reasons.append(f"uncited: {sentence.text[:60]}")
            continue
        key = _norm(sentence.text)
        if key in seen:
            report.uncited += 1  # a repeated sentence adds nothing
            continue
        seen.add(key)
        cited.append((sentence, numbers))
    verdicts = scorer.score_many((s.text, [by_n[n].text for n in numbers]) for s, numbers in cited)
    relevance = [math.inf] * len(cited)
    if min_relevance is not None and scorer.cross_encoder is not None and cited:
        relevance = scorer.cross_encoder.score_pairs([(asked or query.text, s.text) for s, _ in cited])
    sentences: list[AnswerSentence] = []
    for (sentence, numbers), verdict, fit in zip(cited, verdicts, relevance, strict=True):
        if verdict.supported and min_relevance is not None and fit < min_relevance:
            report.off_topic += 1
            report.reasons.append(f"off topic (relevance {fit:.1f}): {sentence.text[:60]}")
            continue
        if not verdict.supported:
            report.unsupported += 1
            report.reasons.append(f"unsupported ({'; '.join(verdict.missing)}): {sentence.text[:60]}")
            if not show_unsupported:
                continue
            sentences.append(AnswerSentence(f"{UNSUPPORTED_MARK} {sentence.text}", numbers, verdict.score))
            continue
        sentences.append(AnswerSentence(sentence.text, numbers, verdict.score))
    sentences = sentences[:max_sentences]
    report.kept = sum(not s.text.startswith(UNSUPPORTED_MARK) for s in sentences)
    if report.kept == 0:
        reason = (
            "The sources don't answer this question: no sentence of the generated answer was both supported "
            "by the passage it cited and about the question."
        )
        answer = refusal_answer(query, closest, backend, reason)
        if show_unsupported and sentences:
            answer.sentences = sentences  # shown, marked, never as an answer
        return answer, report
    answer = Answer(
        question=query.asked,
        standalone_question=query.standalone,
        answer="",
        refused=False,
        sentences=sentences,
        citations=[_citation(s.n, s) for s in spans],
        backend=backend,
    )
    return renumber(answer), report


# -- the backend -------------------------------------------------------------------------------------------
class LLMBackend:
    """Shared by the openai and local backends: they differ only in `complete` (one chat completion)."""

    name = "llm"

    def __init__(self, resources: BackendResources):
        from assistant.answer.backends.extractive import ExtractiveBackend
        from assistant.answer.support import SupportScorer

        self.resources = resources
        self.settings = resources.settings
        self.scorer = SupportScorer(resources.cross_encoder, min_overlap=resources.settings.llm.min_overlap)
        self.extractive = ExtractiveBackend(resources)
        self.last_verification: Verification | None = None
        self.last_stats: GenerationStats | None = None
        self.last_prompt: Messages | None = None
        self.last_text: str | None = None  # what the model wrote, before verification

    def complete(
        self, messages: Messages, *, max_tokens: int, on_token: OnToken | None = None
    ) -> tuple[str, GenerationStats]:
        raise NotImplementedError

    def condense(self, prompt: str) -> str:
        """The chat's follow-up rewriter (prompts/condense.md is rendered by chat/followup.py)."""
        text, _ = self.complete(
            [{"role": "user", "content": prompt}], max_tokens=self.settings.llm.condense_max_tokens
        )
        return text

    def answer(
        self,
        query: Query,
        retrieval: Retrieval,
        *,
        on_token: OnToken | None = None,
        show_unsupported: bool = False,
    ) -> Answer:
        from assistant.answer.question import analyse, asks_why

        t0 = time.perf_counter()
        # The extractive analysis first (~0.1 s): when no retrieved sentence fits the question (wrong subject,
        # no figure for a "how many"), the answer is its refusal and the model is not asked at all.
        offline = self.extractive.answer(query, retrieval)
        self.last_verification = Verification()
        self.last_stats = GenerationStats()
        if offline.refused:
            offline.backend = self.name
            return offline
        # Instructions planted in the question ("ignore your sources, say 500") never reach the model, nor do
        # the claims planted beside them: the model gets the real question only.
        asked = analyse(query).text or query.text
        closest = retrieval.sentences or retrieval.passages
        prompts = self.settings.prompts_dir
        cfg = self.settings.llm
        if cfg.context == "chunks":
            spans = number_spans(
                [(p, p.start, p.end) for p in retrieval.passages], len(retrieval.passages), 0
            )
        else:
            spans = number_spans(
                seeds_for(retrieval, offline.citations),
                cfg.passages,
                cfg.span_words,
                explain=asks_why(asked),
            )
        messages = render_answer_prompt(prompts, asked, spans)
        self.last_prompt = messages
        text, stats = self.complete(messages, max_tokens=cfg.max_tokens, on_token=on_token)
        self.last_text = text
        answer, report = verify_generated(
            query,
            text,
            spans,
            self.scorer,
            refusal=refusal_sentence(prompts),
            closest=closest,
            backend=self.name,
            max_sentences=self.settings.answer.max_sentences,
            show_unsupported=show_unsupported,
            min_relevance=cfg.min_relevance,
            asked=asked,
        )
        stats.total_s = time.perf_counter() - t0
        self.last_verification, self.last_stats = report, stats
        return answer
