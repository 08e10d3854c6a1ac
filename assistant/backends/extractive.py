"""Offline default: answer with the retrieved sentences that best answer the question, each one cited.

Grounded by construction: every answer sentence is a sentence of a source, quoted at its exact offsets.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.backends.base import BackendResources
from assistant.citations import display_text, make_citation, with_markers
from assistant.schema import Answer, AnswerSentence, Passage, Retrieval, Span
from assistant.sentences import words


@dataclass
class Candidate:
    passage: Passage
    span: Span
    text: str
    score: float = 0.0


class ExtractiveBackend:
    name = "extractive"

    def __init__(self, resources: BackendResources):
        self.settings = resources.settings.answer
        self.cross_encoder = resources.cross_encoder

    def answer(self, question: str, retrieval: Retrieval) -> Answer:
        chosen = self.select(candidate_sentences(retrieval.sentences))
        if not chosen:
            return refusal(question, retrieval.sentences or retrieval.passages, self.name)
        return compose(question, chosen, self.name)

    def select(self, candidates: list[Candidate]) -> list[Candidate]:
        ranked = sorted(candidates, key=lambda c: -c.score)
        if not ranked or ranked[0].score < self.settings.min_question_score:
            return []
        best = ranked[0].score
        chosen: list[Candidate] = []
        for cand in ranked:
            if len(chosen) >= self.settings.max_sentences:
                break
            if cand.score < self.settings.min_sentence_score or cand.score < best - 6.0:
                break
            if any(_redundant(cand, other) for other in chosen):
                continue
            if sum(c.passage.doc_id == cand.passage.doc_id for c in chosen) >= self.settings.max_per_source:
                continue  # leave room for the other sources' view
            chosen.append(cand)
        return chosen


def candidate_sentences(sentences: list[Passage]) -> list[Candidate]:
    """The retrieved sentences that can stand as an answer sentence (not headings, captions, fragments)."""
    out: list[Candidate] = []
    for sentence in sentences:
        text = display_text(sentence.text)
        if len(words(text)) >= 6 and text[-1] in ".!?\"”’)":
            out.append(Candidate(sentence, Span(sentence.start, sentence.end), text, sentence.score))
    return out


def _redundant(a: Candidate, b: Candidate) -> bool:
    wa, wb = set(w.lower() for w in words(a.text)), set(w.lower() for w in words(b.text))
    return len(wa & wb) / max(1, min(len(wa), len(wb))) > 0.8


def compose(question: str, chosen: list[Candidate], backend: str) -> Answer:
    """Order sentences readably (by source, best source first, then by position) and number citations."""
    source_rank: dict[str, int] = {}
    for cand in chosen:
        source_rank.setdefault(cand.passage.doc_id, len(source_rank))
    ordered = sorted(chosen, key=lambda c: (source_rank[c.passage.doc_id], c.span.start))
    citations = [make_citation(n, cand.passage, cand.span.start, cand.span.end) for n, cand in enumerate(ordered, 1)]
    sentences = [AnswerSentence(cand.text, [n], 1.0) for n, cand in enumerate(ordered, 1)]
    text = " ".join(with_markers(s.text, s.citations) for s in sentences)
    return Answer(question=question, standalone_question=question, answer=text, refused=False,
                  sentences=sentences, citations=citations, backend=backend)


def refusal(question: str, passages: list[Passage], backend: str) -> Answer:
    text = "The sources don't answer this question."
    if passages:
        text += " The closest passages are listed below."
    return Answer(question=question, standalone_question=question, answer=text, refused=True, backend=backend,
                  closest=passages[:3])
