"""What a briefing is drawn from: one wide retrieval on the topic, and its sentences scored against it.

The retriever's cross-encoder scores the best candidate sentences; the other sentences of the retrieved
passages are scored here too (dated ones first: the timeline needs them), so every section chooses from
one pool with one notion of relevance. Every sentence keeps its offsets into its file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from assistant.brief.when import article_date, find_mentions
from assistant.query import Query
from assistant.schema import Passage, Retrieval
from assistant.text.sentences import words

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.retrieval.context import CorpusContext

_TERMINAL = '.!?"”’)'


@dataclass
class Evidence:
    topic: str
    retrieval: Retrieval
    sentences: list[Passage]  # unique, scored against the topic, best first
    context: CorpusContext
    dates: dict[str, date | None] = field(default_factory=dict)  # doc_id -> the article's own date
    in_passages: set[tuple[str, int]] = field(default_factory=set)  # sentences of the retrieved passages

    def article_date(self, sentence: Passage) -> date | None:
        return self.dates.get(sentence.doc_id)

    def relevant(self, min_score: float) -> list[Passage]:
        """Statements scored at least min_score, or standing in a passage retrieved for the topic (the
        cross-encoder reads a sentence alone: "the ship was freed on March 29th" scores low without the
        ship's name, though its passage is on topic)."""
        return [
            s
            for s in self.sentences
            if is_statement(s.text) and (s.score >= min_score or (s.doc_id, s.start) in self.in_passages)
        ]


def is_statement(text: str) -> bool:
    """A sentence that can stand as a claim: not a heading, caption or fragment."""
    from assistant.answer.citations import display_text

    text = display_text(text)  # an article's own reference marker ("2022.[2]") does not end a sentence
    return len(words(text)) >= 6 and text[-1:] in _TERMINAL


def gather(
    assistant: Assistant,
    query: Query,
    sources: list[str] | None,
    k: int,
    extra: int,
    retrieval: Retrieval | None = None,
    min_score: float = -3.0,
) -> Evidence:
    """Retrieve k passages on the topic (or take a retrieval already made for it) and score up to `extra`
    more of their sentences."""
    from assistant.retrieval.retrieve import sentences_of

    if retrieval is None:
        retrieval = assistant.retriever.retrieve(query, k, sources, split_parts=False)
    scored = {(s.doc_id, s.start): s for s in retrieval.sentences}
    dated: list[Passage] = []
    plain: list[Passage] = []
    members: dict[str, list[tuple[str, int]]] = {}  # passage -> its sentences
    for passage in retrieval.passages:
        for sentence in sentences_of(passage):
            key = (sentence.doc_id, sentence.start)
            members.setdefault(passage.chunk_id, []).append(key)
            if key in scored or not is_statement(sentence.text):
                continue
            scored[key] = sentence  # one object per sentence, however many chunks hold it
            (
                dated if find_mentions(sentence.text) or any(c.isdigit() for c in sentence.text) else plain
            ).append(sentence)
    todo = (dated + plain)[:extra]
    for sentence in (dated + plain)[extra:]:
        sentence.score = float("-inf")  # not read by the cross-encoder: kept only as part of its passage
    if todo:
        scores = assistant.resources.cross_encoder.score(query.rerank_text(), [s.text for s in todo])
        for sentence, score in zip(todo, scores, strict=True):
            sentence.score = score
    pool = sorted(scored.values(), key=lambda s: -s.score)
    # A passage is on the topic when one of its sentences is (the cross-encoder's verdict); its other
    # sentences then count as on the topic too. An off-topic passage lends nothing.
    in_passages = {
        key
        for keys in members.values()
        if any(key in scored and scored[key].score >= min_score for key in keys)
        for key in keys
    }
    context = retrieval.context or assistant.retriever.context
    dates = {p.doc_id: article_date(p.date) for p in retrieval.passages + pool}
    return Evidence(query.standalone, retrieval, pool, context, dates, in_passages)
