"""Assemble a briefing: bottom line, key points, timeline, disagreements, gaps, sources.

Each section is made by a builder that records how (`Section.method`). The bottom line is the answer
backend's answer to the topic (extractive by default; an LLM backend's prose goes through the same
verification as every answer). The other sections are extractive: quoted sentences chosen and grouped.
A writer (`SectionWriter`) may later turn a section's quoted claims into prose; whatever it writes must
keep each sentence's citations and pass the support check, or the quoted claims stand.
"""

from __future__ import annotations

import time
from datetime import date
from typing import TYPE_CHECKING, Protocol

from assistant.brief.cites import CitationBook
from assistant.brief.model import Briefing, Claim, Section
from assistant.query import Query

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.brief.evidence import Evidence


class SectionWriter(Protocol):
    """Turns a section's quoted claims into its final claims; `method` is recorded on the section."""

    method: str

    def write(self, section: str, topic: str, claims: list[Claim]) -> list[Claim]: ...


class QuotedWriter:
    """The extractive writer: the quoted sentences are the section, unchanged."""

    method = "extractive"

    def write(self, section: str, topic: str, claims: list[Claim]) -> list[Claim]:
        return claims


def build_briefing(
    assistant: Assistant,
    topic: str | Query,
    *,
    sources: list[str] | None = None,
    backend: str | None = None,
    writer: SectionWriter | None = None,
) -> Briefing:
    """A cited briefing on `topic` (a question or a subject, or a chat's last query) from the indexed
    articles."""
    from assistant.brief.disagreements import claim_disagreements, figure_disagreements
    from assistant.brief.evidence import gather
    from assistant.brief.gaps import find_gaps
    from assistant.brief.keypoints import choose_points, key_point_claims
    from assistant.brief.sources import source_entries
    from assistant.brief.timeline import build_timeline
    from assistant.errors import InvalidQuestionError

    if isinstance(topic, str):
        if not topic.strip():
            raise InvalidQuestionError(
                'The topic is empty: say what to brief on, e.g. assistant brief "the port strike"'
            )
        query = Query.parse(topic, assistant.settings.answer.max_question_chars)
    else:
        query = topic
    topic = query.standalone
    if sources:
        assistant.check_sources(sources)
    cfg = assistant.settings.brief
    writer = writer or QuotedWriter()
    book = CitationBook()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    # One retrieval serves the bottom line and the rest: k only widens the passages, which the extractive
    # answer does not read (it answers from the scored sentences).
    answer, retrieval = assistant.ask_with_evidence(query, k=cfg.passages, sources=sources, backend=backend)
    paths = {p.source: p.path for p in retrieval.passages + retrieval.sentences}
    by_n = {c.n: c for c in answer.citations}
    bottom: list[Claim] = []
    if not answer.refused:
        for sentence in answer.sentences[: cfg.bottom_line_sentences]:
            numbers = [
                book.adopt(by_n[n], paths.get(by_n[n].source, "")) for n in sentence.citations if n in by_n
            ]
            if numbers:
                bottom.append(Claim(sentence.text, numbers, by_n[sentence.citations[0]].source))
    bottom_how = (
        "the answer to the topic taken as a question, as the ask command gives it"
        if not answer.refused
        else f"no answer: {answer.answer.replace(' The closest passages are listed below.', '')}"
    )
    t1 = time.perf_counter()
    timings["bottom_line"] = round((t1 - t0) * 1000, 1)

    evidence: Evidence = gather(
        assistant, query, sources, cfg.passages, cfg.extra_sentences, retrieval, cfg.min_relevant_score
    )
    t2 = time.perf_counter()
    timings["retrieve"] = round((t2 - t1) * 1000, 1)

    said = [c.quote for c in answer.citations] if not answer.refused else []
    exclude = {(c.source, c.start) for c in answer.citations}
    points = choose_points(
        evidence, said, exclude, min_score=cfg.min_point_score, fallback_score=cfg.min_relevant_score,
        max_points=cfg.max_key_points,
    )  # fmt: skip
    key_claims = key_point_claims(points, book)
    events, date_conflicts = build_timeline(
        evidence, book, min_score=cfg.min_relevant_score, max_events=cfg.max_events
    )
    conflicts = date_conflicts
    conflicts += figure_disagreements(
        evidence, book, min_score=cfg.min_relevant_score, min_shared=cfg.min_shared
    )
    conflicts += claim_disagreements(evidence, book, min_score=cfg.min_relevant_score)
    t3 = time.perf_counter()
    timings["sections"] = round((t3 - t2) * 1000, 1)

    def ask(question: str):  # the extractive ask whatever the backend: it refuses what the passages lack
        return assistant.ask(question, sources=sources, backend="extractive")

    topical = [s.text for s in evidence.relevant(cfg.min_relevant_score)]
    gaps, checked = find_gaps(topic, ask, topical) if cfg.reader_questions else ([], [])
    t4 = time.perf_counter()
    timings["gaps"] = round((t4 - t3) * 1000, 1)

    sections = {
        "bottom_line": Section(answer.backend, bottom_how, claims=bottom),
        "key_points": Section(
            writer.method,
            "the most relevant distinct sentences of a wider retrieval, quoted; near-duplicates left out",
            claims=writer.write("key_points", topic, key_claims),
        ),
        "timeline": Section(
            "extractive",
            "dated sentences of the retrieved passages, grouped by event and ordered by date; relative and "
            "partial dates resolved against the article's own date",
            events=events,
        ),
        "disagreements": Section(
            "extractive",
            "different dates for one event, different figures for one quantity, and something reported as "
            "done in one source but as threatened or planned in another",
            items=conflicts,
        ),
        "gaps": Section(
            "extractive",
            "questions a reader would ask, put to the same ask; those it could not answer from the sources",
            gaps=gaps,
            checked=checked,
        ),
    }
    briefing = Briefing(
        topic=topic,
        backend=answer.backend,
        generated=date.today().isoformat(),
        sections=sections,
        sources=[],
        citations=[],
    )
    book.finish(briefing)
    briefing.sources = source_entries(briefing, assistant.sources())
    timings["total"] = round((time.perf_counter() - t0) * 1000, 1)
    briefing.timings_ms = timings
    return briefing
